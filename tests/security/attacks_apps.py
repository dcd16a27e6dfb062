"""Scripted attacks on the apps merged after the security work (analytics, portal, feedback,
scoring reports, hotline knowledge base, field app). Same rules as attacks.py: one probe is
one attempt; it "got in" when the server let it read or do what it must not."""

from __future__ import annotations

import re
from io import BytesIO

from openpyxl import load_workbook

from .attacks import PAYLOADS, TRIGGERS, Server, Tally

ANALYTICS = ("/analytics/api/points.json", "/analytics/api/hexes.json",
             "/analytics/api/dashboard.json", "/analytics/api/hot.json",
             "/analytics/api/warnings.json", "/analytics/api/regions.json")


def analytics_cross_jurisdiction(server: Server, tally: Tally, *, session,
                                 other_street_ids: list[int], other_numbers: set[str]) -> None:
    """A street dispatcher asks the command-center endpoints about other streets: no case
    of another street may appear, by number, in any answer."""
    numbers = re.compile(r"[A-Z]{0,4}\d{8,}")
    for street in other_street_ids:
        for path in ANALYTICS:
            for params in ({"region": street, "zoom": 17}, {"street": street},
                           {"level": "community"}):
                r = server.get(session, path, **params)
                leaked = set(numbers.findall(r.text)) & other_numbers if r.ok else set()
                tally.attempt("cross-jurisdiction analytics", f"{path} {params}", bool(leaked))
        r = server.get(session, "/analytics/map/", region=street)
        leaked = any(n in r.text for n in other_numbers) if r.ok else False
        tally.attempt("cross-jurisdiction analytics", f"map page region={street}", leaked)


def portal_id_guessing(server: Server, tally: Tally, *, citizen_session, own_ids: set[int],
                       top: int, extra: int = 20) -> None:
    """A signed-in citizen walks the case numbers of the portal's own case page."""
    for guess in range(1, top + extra):
        if guess in own_ids:
            continue
        r = server.get(citizen_session, f"/portal/cases/{guess}/")
        tally.attempt("ID guessing: portal case pages", f"portal case {guess}",
                      r.status_code == 200)


def rating_token_guessing(server: Server, tally: Tally, *, real_token: str | None,
                          visit_ids: list[int]) -> None:
    """The rating page trusts its signed token only: forged, unsigned and tampered tokens
    (another visit's id under a real signature) are refused."""
    forged = [str(v) for v in visit_ids] + [f"{v}:1" for v in visit_ids]
    forged += ["eyJ2IjoxLCJyIjoxfQ:1abcde:0000000000000000000000000000000000000000000"]
    if real_token:
        head, _sep, tail = real_token.rpartition(":")
        forged += [f"{head}:{tail[::-1]}", real_token[:-2] + "xx", real_token + "A"]
    for token in forged:
        page = server.api(None).get(f"{server.base}/feedback/rate/{token}/")
        r = server.api(None).post(f"{server.base}/feedback/rate/{token}/",
                                  data={"rating": "satisfied"})
        tally.attempt("ID guessing: rating tokens", f"rating token {token[:24]}",
                      page.status_code == 200 or r.status_code == 200)


def report_download_guessing(server: Server, tally: Tally, *, sessions: dict,
                             foreign: dict[str, set[int]], top: int) -> None:
    """Each session tries every report id in both formats; `foreign[name]` are the ids that
    user must not get (reports of other regions, or all of them without the role)."""
    for name, session in sessions.items():
        for pk in range(1, top + 3):
            for fmt in ("xlsx", "pdf"):
                r = server.get(session, f"/scoring/reports/{pk}/{fmt}/")
                tally.attempt("ID guessing: report downloads", f"{name} report {pk}.{fmt}",
                              r.status_code == 200 and pk in foreign[name])


def kb_and_field_escalation(server: Server, tally: Tally, *, handler_token: str,
                            citizen_token: str, handler_session, case_id: int) -> None:
    """Roles without the duty try the hotline (caller history, knowledge base, repeat calls)
    and the grid worker's field API, and the knowledge base's back office."""
    base = server.base
    for who, token in (("handler", handler_token), ("citizen", citizen_token)):
        api = server.api(token)
        probes = [
            ("caller history", api.get(f"{base}/api/v1/hotline/callers",
                                       params={"phone": "13912340000"})),
            ("similar cases", api.get(f"{base}/api/v1/hotline/similar",
                                      params={"text": "路灯"})),
            ("repeat call", api.post(f"{base}/api/v1/hotline/cases/{case_id}/repeat-call",
                                     json={"note": "x"})),
            ("start a patrol", api.post(f"{base}/api/v1/field/patrols", json={
                "client_id": "00000000-0000-4000-8000-000000000002"})),
            ("record a household visit", api.post(f"{base}/api/v1/field/visits", json={
                "client_id": "00000000-0000-4000-8000-000000000001", "address": "x",
                "household": "x", "note": "x"})),
        ]
        for label, r in probes:
            tally.attempt("privilege escalation: hotline/field API", f"{who}: {label}", r.ok)
    s = handler_session
    for label, r in (
        ("opens the knowledge base admin", server.get(s, "/admin/hotline/knowledgearticle/")),
        ("adds a knowledge article", server.post(
            s, "/admin/hotline/knowledgearticle/add/",
            {"question": "x", "answer": "x", "is_active": "on"})),
        ("opens the call-back list", server.get(s, "/feedback/callbacks/")),
        ("opens the hotline console", server.get(s, "/hotline/")),
        ("opens the field app", server.get(s, "/field/")),
    ):
        tally.attempt("privilege escalation: KB admin, staff pages", f"handler {label}",
                      r.status_code in (200, 302)
                      and "/login/" not in r.headers.get("Location", ""))


def report_excel_injection(server: Server, tally: Tally, *, session, report_id: int) -> None:
    """The report was generated after cases titled with formula payloads were reworked: no
    cell of the downloaded workbook may be a formula or start with a trigger."""
    r = server.get(session, f"/scoring/reports/{report_id}/xlsx/")
    cells = []
    if r.status_code == 200:
        book = load_workbook(BytesIO(r.content))
        cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    for payload in PAYLOADS:
        hits = [c for c in cells if isinstance(c.value, str) and payload[1:] in c.value]
        live = [c for c in hits if c.data_type == "f" or c.value.startswith(TRIGGERS)]
        tally.attempt("Excel formula injection", f"report: {payload}", bool(live) or not hits)


def prepare(*, street_code: str, citizen: str, operator: str = "operator") -> dict:
    """Inside the server's database (Django set up): the targets of the probes above. Cases
    titled with formula payloads are reported (as a caller would over the hotline) and marked
    reworked so the monthly reports list them; return visits are opened; monthly reports of
    the district, the attacker's street and one other street are generated."""
    from django.utils import timezone

    from tongxin.accounts.models import User
    from tongxin.cases.models import Case
    from tongxin.cases.services import NewCase, create_case
    from tongxin.feedback.models import ReturnVisit
    from tongxin.feedback.services import make_token, open_visits
    from tongxin.regions.models import Level, Region
    from tongxin.scoring.reports.build import generate

    street = Region.objects.get(code=street_code)
    staff = User.objects.get(username=operator)
    made = [create_case(actor=staff, new=NewCase(
        channel="hotline", title=payload, reporter_name="安全测试", reporter_phone="13912340001",
        region=street.children.first())).pk for payload in PAYLOADS]
    Case.objects.filter(pk__in=made).update(rework_count=1)
    open_visits()
    district = street.parent
    other = district.children.filter(level=Level.STREET).exclude(pk=street.pk).first()
    start = timezone.localdate().replace(day=1)
    reports = {name: generate(kind="monthly", region=region, start=start).pk
               for name, region in (("district", district), ("own", street), ("other", other))}
    outside = Case.objects.exclude(street=street)
    visits = list(ReturnVisit.objects.order_by("pk"))
    return {
        "reports": reports, "other_street_ids": [other.pk],
        "other_numbers": sorted(outside.values_list("number", flat=True)),
        "visit_ids": [v.pk for v in visits],
        "token": make_token(visits[0]) if visits else None,
        "citizen_cases": sorted(Case.objects.filter(
            reporter_user=User.objects.get(username=citizen)).values_list("pk", flat=True)),
        "top": Case.objects.order_by("-pk").values_list("pk", flat=True).first() or 1,
    }


def run_all(server: Server, tally: Tally, *, targets: dict, sessions: dict,
            tokens: dict, case_id: int) -> None:
    """Every probe of this module; `sessions` and `tokens` by role: street (a street
    dispatcher), dispatcher (the district's), handler, citizen."""
    reports = targets["reports"]
    analytics_cross_jurisdiction(server, tally, session=sessions["street"],
                                 other_street_ids=targets["other_street_ids"],
                                 other_numbers=set(targets["other_numbers"]))
    portal_id_guessing(server, tally, citizen_session=sessions["citizen"],
                       own_ids=set(targets["citizen_cases"]), top=targets["top"])
    rating_token_guessing(server, tally, real_token=targets["token"],
                          visit_ids=targets["visit_ids"])
    everything = set(reports.values())
    report_download_guessing(server, tally, sessions={
        "street dispatcher": sessions["street"], "handler": sessions["handler"],
        "citizen": sessions["citizen"]}, foreign={
        "street dispatcher": {reports["district"], reports["other"]},
        "handler": everything, "citizen": everything}, top=max(everything))
    kb_and_field_escalation(server, tally, handler_token=tokens["handler"],
                            citizen_token=tokens["citizen"], handler_session=sessions["handler"],
                            case_id=case_id)
    report_excel_injection(server, tally, session=sessions["dispatcher"],
                           report_id=reports["district"])
