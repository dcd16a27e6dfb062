import pytest

from tests.world import PASSWORD
from tongxin.core.errors import PermissionDenied, ValidationFailed
from tongxin.participation.models import Wish, WishStatus
from tongxin.participation.selectors import balance
from tongxin.participation.services import claim_wish, fulfil_wish


def test_wish_from_post_to_points(world, client):
    client.login(username="citizen", password=PASSWORD)
    bad = client.post("/participation/wishes/", {"title": "", "region": world.communities["A1"].pk})
    assert bad.status_code == 400
    client.post("/participation/wishes/", {"title": "帮忙修理轮椅",
                                           "region": world.communities["A1"].pk})
    wish = Wish.objects.get()
    with pytest.raises(ValidationFailed):
        claim_wish(actor=world.user("citizen"), wish_id=wish.pk)  # not one's own
    claim_wish(actor=world.user("grid_a1"), wish_id=wish.pk)
    with pytest.raises(ValidationFailed):
        claim_wish(actor=world.user("operator"), wish_id=wish.pk)
    with pytest.raises(PermissionDenied):
        fulfil_wish(actor=world.user("grid_a1"), wish_id=wish.pk)
    client.post(f"/participation/wishes/{wish.pk}/fulfil/")
    wish.refresh_from_db()
    assert wish.status == WishStatus.FULFILLED
    assert balance(world.user("grid_a1")) == 5
    client.post(f"/participation/wishes/{wish.pk}/fulfil/")  # twice: refused, no new points
    assert balance(world.user("grid_a1")) == 5
    assert client.post(f"/participation/wishes/{wish.pk}/fly/").status_code == 404
