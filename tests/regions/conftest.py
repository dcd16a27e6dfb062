import pytest
from django.db import transaction

from tongxin.demo.loader import Report, load_regions
from tongxin.regions import gazetteer, locator


@pytest.fixture(scope="module")
def _demo_regions_module(django_db_setup, django_db_blocker):
    """The demo district's 703 regions, loaded once per module and rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        district = load_regions(Report())
        yield district
        transaction.set_rollback(True)
    locator.reset()
    gazetteer.reset()


@pytest.fixture
def demo_regions(_demo_regions_module, db):
    return _demo_regions_module
