"""Every response carries a strict Content-Security-Policy (self only, no inline code) and the
other hardening headers; no template contains inline scripts, styles or handlers."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db
ROOT = Path(settings.BASE_DIR)


def test_headers_on_a_page_and_on_the_api(world):
    client = Client()
    client.force_login(world.user("dispatcher"))
    for url in ("/cases/", "/login/", "/api/v1/cases"):
        response = client.get(url)
        csp = response["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "script-src 'self'" in csp
        assert "unsafe-inline" not in csp and "http" not in csp
        assert "frame-ancestors 'none'" in csp
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["X-Frame-Options"] == "DENY"
    assert client.get("/api/v1/cases")["Cache-Control"] == "no-store"


def test_hsts_and_secure_cookies_behind_tls(settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = Client().get("/login/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I),
     "inline <script>"),
    (re.compile(r"\sstyle\s*=", re.I), "style= attribute"),
    (re.compile(r"<style", re.I), "<style> block"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "on…= handler"),
]


def test_no_template_needs_unsafe_inline():
    templates = [*ROOT.glob("templates/**/*.html"), *ROOT.glob("tongxin/*/templates/**/*.html")]
    assert templates
    problems = [f"{path.relative_to(ROOT)}: {label}"
                for path in templates for pattern, label in INLINE
                if pattern.search(path.read_text())]
    assert problems == []


def test_htmx_is_told_not_to_inject_its_style():
    base = (ROOT / "templates/base.html").read_text()
    assert '"includeIndicatorStyles": false' in base
