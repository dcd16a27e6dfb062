"""What makes the portal and the field app installable and usable offline: the web app
manifest, the service worker served at the app's own path (so its scope is the app), and the
page context the mobile layout needs. Shared by tongxin.portal and tongxin.fieldapp."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.templatetags.static import static
from django.utils.translation import gettext as _

LEAFLET = ("vendor/leaflet/leaflet.js", "vendor/leaflet/leaflet.css")
COMMON = ("css/mobile.css", "js/tx-core.js", "js/outbox.js", "js/map-pick.js",
          "img/favicon.svg", *LEAFLET)


@dataclass(frozen=True)
class PwaApp:
    slug: str  # URL prefix: /portal/, /field/
    name: Any  # a lazily translated string
    short_name: Any
    shell: tuple[str, ...]  # page paths cached for offline start
    assets: tuple[str, ...]  # static files besides COMMON

    def page(self, strings: dict[str, str], **extra) -> dict:
        """Template context of a page of this app."""
        return {**self.context(strings), **extra}

    def urls(self) -> list:
        """The manifest and the service worker, at the app's own path."""
        from django.urls import path

        return [
            path("manifest.webmanifest", lambda request: manifest(request, self), name="manifest"),
            path("sw.js", lambda request: service_worker(request, self), name="sw"),
        ]

    def context(self, strings: dict[str, str]) -> dict:
        return {
            "app_name": self.name, "home_url": f"/{self.slug}/",
            "manifest_url": f"/{self.slug}/manifest.webmanifest",
            "sw_url": f"/{self.slug}/sw.js", "sw_scope": f"/{self.slug}/",
            "js_strings": strings,
        }


def manifest(request: HttpRequest, app: PwaApp) -> HttpResponse:
    body = {
        "name": str(app.name), "short_name": str(app.short_name), "lang": "zh-Hans",
        "start_url": f"/{app.slug}/", "scope": f"/{app.slug}/", "display": "standalone",
        "background_color": "#ffffff", "theme_color": "#1456a0",
        "icons": [{"src": static("img/favicon.svg"), "sizes": "any", "type": "image/svg+xml"}],
    }
    return HttpResponse(json.dumps(body, ensure_ascii=False),
                        content_type="application/manifest+json")


def service_worker(request: HttpRequest, app: PwaApp) -> HttpResponse:
    """The service worker script: the shared static worker with this app's shell list in
    front. Cached URLs carry the static files' current names, so a deploy refreshes them."""
    path = finders.find("js/sw.js")
    worker = open(path, encoding="utf-8").read() if path else ""  # noqa: SIM115
    urls = [*app.shell, *(static(a) for a in (*COMMON, *app.assets))]
    head = (f"const TX_CACHE = {json.dumps('tx-' + app.slug + '-v1')};\n"
            f"const TX_SHELL = {json.dumps(urls)};\n")
    response = HttpResponse(head + worker, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = f"/{app.slug}/"
    response["Cache-Control"] = "no-cache"
    return response


def common_strings() -> dict[str, str]:
    """Words the shared scripts show, translated on the server (no catalogue in JS)."""
    return {
        "offline": _("Offline — reports are kept and sent when the connection returns"),
        "online": _("Online"),
        "queued": _("Waiting to send: %(n)s"),
        "sent": _("Sent"),
        "sending": _("Sending…"),
        "failed": _("Could not be sent: %(reason)s"),
        "locating": _("Finding your location…"),
        "located": _("Location set: %(lat)s, %(lng)s"),
        "no_location": _("The location is not available. Tap the map to set it."),
        "error": _("Something went wrong. Please try again."),
    }


def center_of(region) -> list[float] | None:
    """[lat, lng] of a region's centre for the map, when the region has one."""
    if region is None or region.center_lat is None or region.center_lng is None:
        return None
    return [region.center_lat, region.center_lng]
