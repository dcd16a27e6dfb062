"""A report without signing in is stored once per Idempotency-Key: a retry gets the same
tracking number and link; the key is required, a reused key with other content is 409, and
the endpoint is CSRF-protected."""

import pytest

from tests.portal.anonymous_support import browser, jpeg, post_report
from tongxin.cases.models import Attachment, Case, Channel

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_a_retry_with_the_same_key_stores_the_report_once(world):
    client = browser()
    first = post_report(client, "k-1", files=[jpeg()])
    again = post_report(client, "k-1", files=[jpeg()])
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert first.json() == again.json()
    case = Case.objects.get()
    assert case.number == first.json()["number"]
    assert case.channel == Channel.PORTAL and case.reporter_user is None
    assert case.reporter_name == "" and case.grid == world.grids["A1"]
    assert Attachment.objects.filter(case=case).count() == 1
    assert first.json()["follow_url"].startswith("/portal/follow/")


def test_the_key_is_required_and_cannot_be_reused_for_other_content(world):
    client = browser()
    missing = post_report(client, None)
    assert missing.status_code == 400 and "Idempotency-Key" in missing.json()["detail"]
    assert post_report(client, "k-2").status_code == 201
    assert post_report(client, "k-2", text="另一件事").status_code == 409
    assert Case.objects.count() == 1


def test_bad_input_is_refused_with_a_message(world):
    client = browser()
    assert post_report(client, "k-3", text="  ").status_code == 400
    assert post_report(client, "k-4", lat="abc").status_code == 400
    assert post_report(client, "k-5", category="nope").status_code == 400
    fake = jpeg()
    fake.file.write(b"")
    text_file = type(fake)("notes.jpg", b"just text, not a photo", content_type="image/jpeg")
    assert post_report(client, "k-6", files=[text_file]).status_code == 415
    assert Case.objects.count() == 0


def test_without_the_csrf_token_the_post_is_refused(world):
    response = post_report(browser(), "k-7", csrf=False)
    assert response.status_code == 403
    assert Case.objects.count() == 0
