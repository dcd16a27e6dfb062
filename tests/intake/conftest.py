import pytest

from tests.api.support import _fast_passwords, _media_root  # noqa: F401  (autouse fixtures)


@pytest.fixture(autouse=True)
def loopback_feed_server_allowed(settings):
    # The feed server (feed_server.py) listens on 127.0.0.1, which the outbound guard
    # refuses unless an operator allow-lists it.
    settings.TONGXIN_OUTBOUND_ALLOW = ["127.0.0.1/32"]
