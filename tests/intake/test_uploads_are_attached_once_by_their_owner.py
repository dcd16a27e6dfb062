"""An upload id works once, and only for the user who uploaded it."""

from django.core.files.storage import default_storage

from tests.api.support import Api, case_body, png_bytes, token_for
from tongxin.cases.models import Attachment
from tongxin.intake.models import Upload


def test_an_upload_is_attached_to_one_case_only(world, django_capture_on_commit_callbacks):
    api = Api(token_for(world.user("street_a")))
    upload_id = api.upload("a.png", png_bytes(), "image/png").json()["id"]
    staged = Upload.objects.get().file.name

    with django_capture_on_commit_callbacks(execute=True):
        first = api.post("/cases", case_body(attachments=[upload_id]))
    second = api.post("/cases", case_body(attachments=[upload_id]))

    assert first.status_code == 201
    assert second.status_code == 422 and str(upload_id) in second.json()["detail"]
    attachment = Attachment.objects.get()
    assert attachment.content_type == "image/png"  # from the content, not the client
    assert attachment.event.action == "report"
    # The staged copy is gone once the attachment holds its own.
    assert not default_storage.exists(staged)
    assert default_storage.exists(attachment.file.name)


def test_someone_else_upload_cannot_be_attached(world):
    mine = Api(token_for(world.user("street_a"))).upload("a.png", png_bytes(), "image/png")
    thief = Api(token_for(world.user("dispatcher")))
    response = thief.post("/cases", case_body(attachments=[mine.json()["id"]]))
    assert response.status_code == 422
    assert not Attachment.objects.exists()


def test_an_action_takes_uploads_as_its_attachments(world):
    api = Api(token_for(world.user("street_a")))
    case_id = api.post("/cases", case_body()).json()["id"]
    upload_id = api.upload("a.png", png_bytes(), "image/png").json()["id"]

    response = api.post(f"/cases/{case_id}/actions/register",
                        {"note": "见照片", "attachments": [upload_id]})
    assert response.status_code == 200, response.content

    detail = api.get(f"/cases/{case_id}").json()
    assert detail["timeline"][-1]["attachments"] == [detail["attachments"][0]["id"]]
    other = Api(token_for(world.user("dispatcher")))
    assert other.client.get(detail["attachments"][0]["url"], headers=other.headers).status_code \
        == 200
    hidden = Api(token_for(world.user("street_b")))
    assert hidden.client.get(detail["attachments"][0]["url"],
                             headers=hidden.headers).status_code == 404
