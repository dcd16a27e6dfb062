"""An administrator creates a token in the admin and sees the raw value exactly once."""

import re

from django.contrib.messages import get_messages
from django.test import Client

from tests.api.support import Api
from tests.world import pass_second_factor
from tongxin.accounts.models import User
from tongxin.intake.models import ApiToken


def test_the_admin_shows_the_raw_token_once_and_stores_its_hash(world):
    User.objects.create_superuser("root", password="x" * 12)
    client = Client()
    client.force_login(User.objects.get(username="root"))
    pass_second_factor(client)
    operator = world.users["operator"]

    response = client.post("/admin/intake/apitoken/add/", {
        "name": "热线坐席", "user": operator.pk, "channel": "hotline", "is_active": "on",
    }, follow=True)

    assert response.status_code == 200
    messages = " ".join(str(m) for m in get_messages(response.wsgi_request))
    [raw] = re.findall(r"tx_[A-Za-z0-9_-]{40,}", messages)
    token = ApiToken.objects.get()
    assert raw.startswith(token.prefix) and raw not in token.key_hash
    assert Api(raw).get("/cases").status_code == 200
    page = client.get(f"/admin/intake/apitoken/{token.pk}/change/").content.decode()
    assert raw not in page
