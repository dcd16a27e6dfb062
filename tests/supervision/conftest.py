from tests.supervision.helpers import fast_passwords  # noqa: F401  (autouse fixture)
