"""The logged-in workbench user calls the API with the session; writes need the CSRF token."""

from django.test import Client

from tests.api.support import case_body
from tests.world import PASSWORD


def test_session_reads_work_and_writes_need_csrf(world):
    client = Client(enforce_csrf_checks=True)
    assert client.login(username="street_a", password=PASSWORD)

    assert client.get("/api/v1/cases").status_code == 200
    refused = client.post("/api/v1/cases", case_body(), content_type="application/json")
    assert refused.status_code == 403

    client.get("/api/v1/openapi.json")  # any page; then take the CSRF cookie Django set
    from django.middleware.csrf import _get_new_csrf_string

    token = _get_new_csrf_string()
    client.cookies["csrftoken"] = token
    created = client.post("/api/v1/cases", case_body(), content_type="application/json",
                          headers={"X-CSRFToken": token})
    assert created.status_code == 201, created.content


def test_no_credentials_is_401_json():
    response = Client().get("/api/v1/cases", headers={"Accept-Language": "en"})
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert "Authorization: Bearer" in response.json()["detail"]
