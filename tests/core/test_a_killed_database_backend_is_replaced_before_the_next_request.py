"""Issue 28 finding 9: `pg_terminate_backend` in the middle of a burst gave HTTP 500s until
each process noticed its connection was dead. Connections are now health-checked at the start
of each request that reuses one (CONN_HEALTH_CHECKS): the kill costs no request."""

import psycopg
import pytest
from django.db import close_old_connections, connection
from django.db.utils import OperationalError

from tongxin.cases.models import Case

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
REQUESTS, KILL_AT = 20, 10


def _kill_backend() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    params = connection.get_connection_params()
    with psycopg.connect(**{k: v for k, v in params.items() if k != "cursor_factory"},
                         autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])


def _burst() -> int:
    """REQUESTS request cycles as Django's handler runs them (close_old_connections on
    request start and end), the backend killed before request KILL_AT; failed requests."""
    failed = 0
    for n in range(REQUESTS):
        if n == KILL_AT:
            _kill_backend()
        close_old_connections()  # request_started
        try:
            Case.objects.count()
        except OperationalError:
            failed += 1
        close_old_connections()  # request_finished
    return failed


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL backend to kill")
    connection.close()
    yield
    connection.close()


def test_health_checks_are_configured():
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
    assert connection.settings_dict["CONN_MAX_AGE"] > 0


def test_without_health_checks_the_kill_costs_a_request():
    connection.settings_dict["CONN_HEALTH_CHECKS"] = False
    try:
        assert _burst() == 1
    finally:
        connection.settings_dict["CONN_HEALTH_CHECKS"] = True


def test_with_health_checks_no_request_fails():
    assert _burst() == 0
