"""The portal and the field app are installable: a manifest each, and a service worker served
at the app's path with its scope and the offline shell (self-hosted assets only)."""

import json

import pytest


@pytest.mark.parametrize("slug", ["portal", "field"])
def test_service_worker_and_manifest_make_the_apps_installable(client, db, slug):
    sw = client.get(f"/{slug}/sw.js")
    assert sw.status_code == 200
    assert sw["Content-Type"].startswith("text/javascript")
    assert sw["Service-Worker-Allowed"] == f"/{slug}/"
    body = sw.content.decode()
    shell = json.loads(body.split("const TX_SHELL = ", 1)[1].split(";\n", 1)[0])
    assert f"/{slug}/" in shell
    assert any(u.endswith("vendor/leaflet/leaflet.js") for u in shell)
    assert all(u.startswith("/") for u in shell)  # nothing from another host
    manifest = json.loads(client.get(f"/{slug}/manifest.webmanifest").content)
    assert manifest["scope"] == f"/{slug}/" and manifest["display"] == "standalone"
