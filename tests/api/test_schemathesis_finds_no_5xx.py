"""Schemathesis generates requests from /api/v1/openapi.json, valid and invalid, and sends them
through the real WSGI application with a district dispatcher's token: none may get a 5xx.

Valid requests on a case mostly get the id of a real case in some state instead of a random
one, so the fuzzed bodies reach the workflow and not only the 404 branch. Examples per
operation are few (the suite has a time budget); every run draws new ones.
"""

from contextlib import contextmanager

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from tests.api.support import Api, case_body, png_bytes, token_for

EXAMPLES = 10
pytestmark = pytest.mark.slow


def _real_cases(api: Api) -> list[int]:
    ids = [api.post("/cases", case_body()).json()["id"] for _ in range(3)]
    api.post(f"/cases/{ids[1]}/actions/register", {})
    api.post(f"/cases/{ids[2]}/actions/register", {})
    api.post(f"/cases/{ids[2]}/actions/dispatch", {"lead_department": "cg"})
    return ids


def _fuzz(operation, mode: GenerationMode, headers: dict, failures: list,
          case_ids: list[int]) -> None:
    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode), pick=st.integers(0, 3))
    def run(case, pick: int) -> None:
        has_case = "case_id" in (case.path_parameters or {})
        if mode is GenerationMode.POSITIVE and has_case and pick < len(case_ids):
            case.path_parameters["case_id"] = case_ids[pick]
        response = case.call(headers=headers)
        try:
            case.validate_response(response, checks=[not_a_server_error])
        except Exception as exc:  # collect them all, report once
            failures.append(f"{case.method} {case.formatted_path} → "
                            f"{response.status_code}: {exc}"[:600])

    run()


@contextmanager
def keep_test_connection():
    # The real WSGI handler closes "obsolete" connections around each request, and inside the
    # test's transaction the connection looks obsolete (Django's test client does the same).
    # Not a fixture: every test-client request connects the handler again when it is done.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def test_schemathesis_finds_no_server_error(world, settings):
    settings.TONGXIN_LIVE_STREAM_SECONDS = 0.2  # the event stream answers, then ends
    dispatcher = Api(token_for(world.user("dispatcher")))
    dispatcher.upload("a.png", png_bytes(), "image/png")
    case_ids = _real_cases(dispatcher)
    headers = {"Authorization": dispatcher.headers["Authorization"], "Accept-Language": "en"}
    failures: list[str] = []

    with keep_test_connection():
        schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) >= 30
        for operation in operations:
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                _fuzz(operation, mode, headers, failures, case_ids)

    assert not failures, "\n".join(failures[:10])
