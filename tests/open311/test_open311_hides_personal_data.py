"""Open311 GET is public: no reporter name, phone, e-mail; numbers in the text are masked."""

from django.test import Client

from tests.open311.helpers import get, open311_key, post, report_fields
from tongxin.cases.models import Case


def test_nothing_about_the_reporter_is_published(world):
    client = Client()
    post(client, **report_fields(
        open311_key(world), first_name="Meimei", last_name="Han", phone="13912345678",
        email="han@example.com",
        description="请回电 13912345678，身份证 370402199001011234，路灯不亮",
    ))
    case = Case.objects.get()
    assert case.reporter_name == "Meimei Han" and case.reporter_phone == "13912345678"

    for fmt in ("json", "xml"):
        body = get(client, f"requests.{fmt}").content.decode()
        for secret in ("Meimei", "Han", "13912345678", "han@example.com", "370402199001011234"):
            assert secret not in body, (fmt, secret)
        assert "139****5678" in body and "路灯不亮" in body
        assert "建设路 ** 号" in body  # the road stays public, house numbers do not
