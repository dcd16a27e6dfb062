from tests.scoring.handset import AS_OF
from tests.world import PASSWORD
from tongxin.scoring.reports.build import generate


def test_rankings_page_shows_the_readers_area_only(month, client):
    w, _cases = month
    client.login(username="leader", password=PASSWORD)
    page = client.get("/scoring/rankings/?month=2026-09")
    assert page.status_code == 200
    cells = {c["key"]: c["value"] for c in page.context["total"]}
    assert cells["received"] == 9 and "受理量" in page.content.decode()
    assert [u["name"] for u in page.context["units"]][0] in {"区城管局", "区住建局"}
    assert page.context["workers"][0]["on_spot"] == 1
    client.login(username="street_b", password=PASSWORD)
    page = client.get("/scoring/rankings/?month=2026-09")
    assert {c["key"]: c["value"] for c in page.context["total"]}["received"] == 1
    client.login(username="citizen", password=PASSWORD)
    assert client.get("/scoring/rankings/").status_code == 403


def test_a_street_sees_and_downloads_only_its_own_reports(month, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    w, _cases = month
    district = generate(kind="monthly", region=w.district, start=AS_OF.date().replace(month=9),
                        as_of=AS_OF)
    street = generate(kind="daily", region=w.streets["B"], start=AS_OF.date().replace(month=9),
                      as_of=AS_OF)
    client.login(username="street_b", password=PASSWORD)
    listed = [r.pk for r in client.get("/scoring/reports/").context["reports"]]
    assert listed == [street.pk]
    download = client.get(f"/scoring/reports/{street.pk}/xlsx/")
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    assert client.get(f"/scoring/reports/{district.pk}/pdf/").status_code == 404
    client.login(username="leader", password=PASSWORD)
    assert len(client.get("/scoring/reports/").context["reports"]) == 2


def test_the_button_generates_a_report_and_refuses_bad_periods(month, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    w, _cases = month
    client.login(username="street_a", password=PASSWORD)
    bad = client.post("/scoring/reports/generate/",
                      {"kind": "weekly", "region": w.streets["A"].pk, "period": "2026-09"},
                      follow=True)
    assert not bad.context["reports"] and "2026-W40" in bad.content.decode()
    other = client.post("/scoring/reports/generate/",
                        {"kind": "weekly", "region": w.streets["B"].pk, "period": "2026-W37"},
                        follow=True)
    assert not other.context["reports"]
    ok = client.post("/scoring/reports/generate/",
                     {"kind": "weekly", "region": w.streets["A"].pk, "period": "2026-W37"},
                     follow=True)
    [report] = ok.context["reports"]
    assert str(report.period_start) == "2026-09-07" and report.summary["received"] == 8
