from tests.cases.loop import act, drive, report
from tests.world import PASSWORD
from tongxin.cases.workflow import State
from tongxin.participation.models import PointsEntry, Reason
from tongxin.participation.selectors import balance, leaderboard


def test_registered_reports_earn_points_rejected_and_merged_do_not(world, settings, client):
    settings.TONGXIN_POINTS = {"valid_report": 7}
    master = drive(world, State.REGISTERED)
    duplicate = report(world)
    act(world, duplicate, "merge", "street_a", master=master)
    rejected = report(world)
    act(world, rejected, "reject", "street_a", note="不属于受理范围")
    staff_report = drive(world, State.REGISTERED, reporter="grid_a1")
    citizen = world.user("citizen")
    assert balance(citizen) == 7
    [entry] = PointsEntry.objects.all()
    assert (entry.reason, entry.case_id) == (Reason.VALID_REPORT, master.pk)
    assert not PointsEntry.objects.filter(case=staff_report).exists()
    assert leaderboard() == [{"rank": 1, "name": "c******", "total": 7,
                              "user_id": citizen.pk}]
    client.login(username="citizen", password=PASSWORD)
    page = client.get("/participation/points/")
    assert page.status_code == 200 and page.context["balance"] == 7
