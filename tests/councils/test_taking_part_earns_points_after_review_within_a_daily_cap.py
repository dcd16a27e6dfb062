"""有奖参与: proposing, commenting, attending and voting each make a claim (once per person,
topic and kind); nothing is awarded before the convener or staff review it; approved claims
earn points in the participation ledger up to the daily cap, the rest are marked over the
cap; refused claims earn nothing; a representative cannot review."""

import pytest

from tongxin.core.errors import PermissionDenied
from tongxin.councils import services
from tongxin.councils.models import ClaimStatus, ParticipationClaim
from tongxin.participation.models import PointsEntry
from tongxin.participation.selectors import balance

from .council import T0, to_status


def test_claims_are_reviewed_and_capped(council, settings):
    settings.TONGXIN_POINTS = {"council": 2}
    settings.TONGXIN_COUNCIL_POINTS_DAILY_CAP = 4
    topic = to_status(council, "commenting")  # rep1 proposed it
    services.comment(actor=council.user("rep1"), topic_id=topic.pk, text="补充：加装费用分摊")
    services.comment(actor=council.user("rep1"), topic_id=topic.pk, text="再补充")  # no 2nd
    services.comment(actor=council.user("rep4"), topic_id=topic.pk, text="反对")
    assert ParticipationClaim.objects.filter(user=council.user("rep1")).count() == 2
    assert not PointsEntry.objects.exists()  # nothing before the review

    claims = list(ParticipationClaim.objects.order_by("pk").values_list("pk", flat=True))
    with pytest.raises(PermissionDenied):
        services.review_claims(actor=council.user("rep4"), topic_id=topic.pk,
                               claim_ids=claims, approve=True)
    rep4 = ParticipationClaim.objects.get(user=council.user("rep4"))
    assert services.review_claims(actor=council.user("convener"), topic_id=topic.pk,
                                  claim_ids=[rep4.pk], approve=False, at=T0) == {
        "approved": 0, "capped": 0, "refused": 1}

    services.schedule(actor=council.user("convener"), topic_id=topic.pk, starts_at=T0,
                      place="活动室", agenda="表决")
    services.record_attendance(actor=council.user("convener"), topic_id=topic.pk,
                               representative_ids=[council.seats["rep1"].pk])
    pending = list(ParticipationClaim.objects.filter(status=ClaimStatus.PENDING)
                   .order_by("pk").values_list("pk", flat=True))
    assert len(pending) == 3  # rep1: proposal, comment, attendance
    outcome = services.review_claims(actor=council.user("convener"), topic_id=topic.pk,
                                     claim_ids=pending, approve=True, at=T0)
    assert outcome == {"approved": 2, "capped": 1, "refused": 0}
    assert balance(council.user("rep1")) == 4 and balance(council.user("rep4")) == 0
    # Reviewed claims are not reviewed again.
    assert services.review_claims(actor=council.user("convener"), topic_id=topic.pk,
                                  claim_ids=pending, approve=True, at=T0) == {
        "approved": 0, "capped": 0, "refused": 0}
