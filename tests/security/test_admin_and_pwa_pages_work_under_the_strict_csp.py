"""The one CSP covers the back office and the PWAs: Django's admin pages need no inline code
(so no /admin/ exception is needed), and the portal and field app register their service
workers and manifests from 'self'."""

import pytest
from django.test import Client

from tests.security.conftest import admins
from tests.security.test_security_headers_and_strict_csp import INLINE
from tests.world import pass_second_factor

pytestmark = pytest.mark.django_db
# (administrator, page): each of the three administrators on the pages of their duty.
ADMIN_PAGES = (("sysadmin", "/admin/"), ("sysadmin", "/admin/accounts/user/"),
               ("sysadmin", "/admin/accounts/user/add/"), ("secadmin", "/admin/"),
               ("secadmin", "/admin/accounts/membership/"),
               ("secadmin", "/admin/accounts/membership/add/"),
               ("sysadmin", "/admin/password_change/"))


def test_admin_pages_have_no_inline_code(world):
    clients = {}
    for name, user in admins(world).items():
        clients[name] = Client()
        clients[name].force_login(user)
        pass_second_factor(clients[name])
    for name, url in ADMIN_PAGES:
        response = clients[name].get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "script-src 'self'" in response["Content-Security-Policy"]
        assert [label for pattern, label in INLINE if pattern.search(html)] == [], url


def test_service_workers_and_manifests_are_allowed_from_self(world):
    client = Client()
    for app in ("portal", "field"):
        for name in ("sw.js", "manifest.webmanifest"):
            response = client.get(f"/{app}/{name}")
            assert response.status_code == 200, (app, name)
            csp = response["Content-Security-Policy"]
            assert "worker-src 'self'" in csp and "manifest-src 'self'" in csp
