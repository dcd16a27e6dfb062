import pytest

from tests.scoring import handset


@pytest.fixture
def month(world):
    """The hand-built September with its cases."""
    return world, handset.build(world)
