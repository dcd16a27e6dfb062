from django.contrib.auth.hashers import check_password
from django.db.models import Model
from django.utils import translation

from tests.demo.conftest import DEMO_CASES, load_demo
from tongxin.accounts.models import Membership, User
from tongxin.cases import trail
from tongxin.cases.models import Case, CaseEvent, Channel
from tongxin.demo import areas, emergency, mediation
from tongxin.org.models import Category, Department, DutyKeyword
from tongxin.regions.models import Region

MODELS: tuple[type[Model], ...] = (
    Region, Department, DutyKeyword, Category, User, Membership, Case, CaseEvent
)


def snapshot() -> dict:
    return {m.__name__: sorted(map(repr, m.objects.values_list())) for m in MODELS}


def test_demo_is_idempotent(db):
    load_demo("--cases", str(DEMO_CASES))
    before = snapshot()
    with translation.override("en"):
        output = load_demo("--cases", str(DEMO_CASES))
    assert snapshot() == before
    tasks = (Channel.EMERGENCY, Channel.DRILL)  # the incidents' tasks and the drill's cases
    assert Case.objects.exclude(channel__in=tasks).count() == (
        DEMO_CASES + len(areas.DEMO_REPORTS) + len(areas.TRANSFERS) + len(mediation.DISPUTES)
        + emergency.REAL_ORIGINS)
    assert "nothing changed" in output and "none added" in output
    assert list(trail.verify()) == []  # every demo event on its case's intact chain


def test_a_rerun_restores_what_the_demo_defines_and_nothing_else(db):
    load_demo("--no-cases")
    Region.objects.filter(code="370402003000").update(name="改过的名字")
    handler = User.objects.get(username="handler")
    handler.set_password("changed-by-the-user")
    handler.save()
    load_demo("--no-cases")
    assert Region.objects.get(code="370402003000").name == "矿区街道"
    # A password someone changed is theirs: the demo only sets it on accounts it creates.
    assert check_password("changed-by-the-user", User.objects.get(username="handler").password)
