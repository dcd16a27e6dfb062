"""Uploads never attached to a report are removed after a day, files included."""

from datetime import timedelta

from django.core.files.storage import default_storage
from django.utils import timezone

from tests.api.support import Api, case_body, png_bytes, token_for
from tongxin.intake.models import Upload
from tongxin.intake.services import purge_unattached_uploads


def test_old_unattached_uploads_go_and_attached_ones_stay(world,
                                                          django_capture_on_commit_callbacks):
    api = Api(token_for(world.user("street_a")))
    kept = api.upload("a.png", png_bytes(), "image/png").json()["id"]
    api.post("/cases", case_body(attachments=[kept]))
    abandoned = api.upload("b.png", png_bytes(), "image/png").json()["id"]
    fresh = api.upload("c.png", png_bytes(), "image/png").json()["id"]
    Upload.objects.filter(pk__in=[kept, abandoned]).update(
        created_at=timezone.now() - timedelta(days=2))
    files = [Upload.objects.get(pk=abandoned).file.name,
             Upload.objects.get(pk=abandoned).thumbnail.name]

    with django_capture_on_commit_callbacks(execute=True):
        assert purge_unattached_uploads(older_than=timedelta(days=1)) == 1

    assert set(Upload.objects.values_list("pk", flat=True)) == {kept, fresh}
    assert not any(default_storage.exists(name) for name in files)
