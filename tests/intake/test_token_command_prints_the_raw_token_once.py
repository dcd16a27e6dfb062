"""`tongxin token create` prints a working token once and stores only its hash."""

import io

import pytest
from django.core.management import CommandError, call_command

from tests.api.support import Api
from tongxin.accounts.models import Role, User
from tongxin.intake.models import ApiToken


def test_create_prints_a_token_that_works_and_is_not_stored(world):
    out = io.StringIO()
    call_command("token", "create", "--user", "street_a", "--channel", "hotline",
                 "--name", "坐席 7", stdout=out, stderr=io.StringIO())
    raw = out.getvalue().strip()

    token = ApiToken.objects.get()
    assert raw.startswith("tx_") and raw not in token.key_hash
    assert (token.channel, token.user.username, token.name) == ("hotline", "street_a", "坐席 7")
    assert Api(raw).get("/cases").status_code == 200


def test_create_can_make_the_channel_service_user(world):
    out = io.StringIO()
    call_command("token", "create", "--user", "open311-bot", "--channel", "open311",
                 "--name", "City app", "--create-user", "--role", Role.OPERATOR,
                 "--region", world.district.code, stdout=out, stderr=io.StringIO())
    bot = User.objects.get(username="open311-bot")
    assert not bot.has_usable_password()
    assert bot.memberships.get().region == world.district


def test_list_and_revoke(world):
    call_command("token", "create", "--user", "operator", "--channel", "api", "--name", "x",
                 stdout=io.StringIO(), stderr=io.StringIO())
    token = ApiToken.objects.get()
    listing = io.StringIO()
    call_command("token", "list", stdout=listing)
    assert token.prefix in listing.getvalue() and "active" in listing.getvalue()
    call_command("token", "revoke", str(token.pk), stdout=io.StringIO())
    token.refresh_from_db()
    assert not token.is_active


def test_an_unknown_user_is_a_clear_error(world):
    with pytest.raises(CommandError, match="--create-user"):
        call_command("token", "create", "--user", "nobody", "--channel", "api", "--name", "x")
