from tests.api.support import _fast_passwords, _media_root  # noqa: F401  (autouse fixtures)
