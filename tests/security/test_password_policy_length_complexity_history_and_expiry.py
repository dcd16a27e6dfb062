"""Passwords: minimum length, three kinds of characters, not one of the last five, and a
password older than TONGXIN_PASSWORD_MAX_AGE_DAYS must be changed before anything else."""

from datetime import timedelta

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from tongxin.security.models import PasswordRecord

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("weak", ["Ab1!", "alllowercaseletters", "lowercase12345"])
def test_short_or_simple_passwords_are_refused(world, weak):
    with pytest.raises(ValidationError):
        validate_password(weak, world.user("dispatcher"))


def test_a_recent_password_cannot_be_reused(world):
    user = world.user("dispatcher")
    for pw in ("Tongxin#2026a", "Tongxin#2026b"):
        validate_password(pw, user)
        user.set_password(pw)
        user.save()
    with pytest.raises(ValidationError) as refused:
        validate_password("Tongxin#2026a", user)
    assert [e.code for e in refused.value.error_list] == ["password_reused"]
    validate_password("Tongxin#2026c", user)


def test_an_expired_password_must_be_changed_first(world, settings):
    settings.TONGXIN_PASSWORD_MAX_AGE_DAYS = 90
    user = world.user("dispatcher")
    PasswordRecord.objects.filter(user=user).delete()
    PasswordRecord.objects.create(user=user, password=user.password,
                                  set_at=timezone.now() - timedelta(days=91))
    client = Client()
    client.force_login(user)
    response = client.get("/cases/")
    assert response.status_code == 302 and response["Location"] == "/security/password/"
    changed = client.post("/security/password/", {
        "old_password": "tongxin-test", "new_password1": "Neues#Passwort9",
        "new_password2": "Neues#Passwort9"})
    assert changed.status_code == 302
    assert client.get("/cases/").status_code == 200
