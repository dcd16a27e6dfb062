from datetime import date

import pytest

from tests.scoring.handset import AS_OF, SEP
from tongxin.accounts.models import Membership, Role, User
from tongxin.cases.models import Case
from tongxin.core.errors import PermissionDenied, ValidationFailed
from tongxin.scoring.models import PeerKind
from tongxin.scoring.scores import combine, unit_ranking, worker_ranking
from tongxin.scoring.services import rate_peer

SEPT = date(2026, 9, 1)


def test_combine_reweights_missing_parts(settings):
    settings.TONGXIN_SCORE_WEIGHTS = {"unit": {"satisfaction_rate": 60, "closure_rate": 40,
                                               "on_time_acceptance_rate": 0,
                                               "on_time_closure_rate": 0, "rework_rate": 0,
                                               "return_rate": 0, "peer": 0}}
    assert combine({"satisfaction_rate": 1.0, "closure_rate": 0.5}, "unit") == 80.0
    assert combine({"satisfaction_rate": None, "closure_rate": 0.5}, "unit") == 50.0
    assert combine({"satisfaction_rate": None, "closure_rate": None}, "unit") is None


def test_unit_score_by_hand_and_the_community_rating_counts(month, settings):
    w, _cases = month
    community_staff = User.objects.create_user("a1_staff", password="x")
    Membership.objects.create(user=community_staff, role=Role.DISPATCHER,
                              region=w.communities["A1"])
    rate_peer(actor=community_staff, kind=PeerKind.COMMUNITY_DEPARTMENT, month=SEPT, score=4,
              department=w.departments["cg"])
    ranking = unit_ranking(Case.objects.all(), start=SEP[0], end=SEP[1], as_of=AS_OF,
                           month=SEPT)
    cg = next(r for r in ranking if r["key"] == w.departments["cg"].pk)
    # cg: acceptance 4/5, closure 3/5, on time 2/3, satisfied 3/3, rework 1/3, returns 1/6,
    # peer 4/5; default weights 15 15 20 30 10 5 5.
    expected = (15 * 0.8 + 15 * 0.6 + 20 * round(2 / 3, 4) + 30 * 1.0
                + 10 * (1 - round(1 / 3, 4)) + 5 * (1 - round(1 / 6, 4)) + 5 * 0.8)
    assert cg["score"] == round(expected, 2) and cg["peer"] == 0.8
    assert [r["rank"] for r in ranking] == [1, 2]


def test_grid_worker_ranking_and_who_may_rate_what(month):
    w, _cases = month
    rate_peer(actor=w.user("citizen"), kind=PeerKind.RESIDENT_GRID, month=SEPT, score=5,
              region=w.grids["A1"])
    rate_peer(actor=w.user("citizen"), kind=PeerKind.RESIDENT_GRID, month=SEPT, score=3,
              region=w.grids["A1"])  # replaces the first
    [worker] = worker_ranking(Case.objects.all(), start=SEP[0], end=SEP[1], month=SEPT)
    assert (worker["reports"], worker["on_spot"], worker["verified"]) == (1, 1, 0)
    assert worker["peer"] == 0.6
    rate_peer(actor=w.user("grid_a1"), kind=PeerKind.GRID_COMMUNITY, month=SEPT, score=4,
              region=w.communities["A1"])
    with pytest.raises(PermissionDenied):
        rate_peer(actor=w.user("grid_a1"), kind=PeerKind.GRID_COMMUNITY, month=SEPT, score=4,
                  region=w.communities["B1"])
    with pytest.raises(ValidationFailed):
        rate_peer(actor=w.user("citizen"), kind=PeerKind.RESIDENT_GRID, month=SEPT, score=6,
                  region=w.grids["A1"])
