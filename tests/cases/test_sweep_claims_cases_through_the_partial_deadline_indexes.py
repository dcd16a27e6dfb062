"""The sweep's claim query can use the partial indexes that hold only cases still waiting
for a warning. PostgreSQL must be able to prove that the query implies the index predicate,
so both use the same conditions (cases.conditions); without that the sweep would read every
warned, replied and closed case on each round."""

import pytest
from django.db import connection, transaction

from tests.supervision.helpers import local
from tongxin.cases.sweep import LEVELS, claim_query

pytestmark = pytest.mark.postgres

INDEX = {"red": "case_red_pending", "yellow": "case_yellow_pending"}


@pytest.mark.parametrize("level", LEVELS, ids=lambda lv: str(lv.warning))
def test_claim_uses_the_partial_index(db, level):
    if connection.vendor != "postgresql":
        pytest.skip("EXPLAIN plans are PostgreSQL's")
    query = claim_query(level, local(2026, 11, 21, 12))[:1000]
    with transaction.atomic():
        with connection.cursor() as cursor:
            # An empty test table would be read sequentially; ask whether the index fits.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_bitmapscan = off")
            # The claim is ordered by the deadline the index is sorted on; without a sort node
            # the primary key (scan + filter + sort, as cheap on an empty table) cannot win.
            cursor.execute("SET LOCAL enable_sort = off")
            # On an empty table every index costs about the same, so which one wins depends on
            # leftover statistics. Drop the other plain indexes for this transaction only (DDL
            # rolls back): what is left is the question asked, does the predicate fit.
            cursor.execute(
                "SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
                "WHERE x.indrelid = 'cases_case'::regclass AND NOT x.indisprimary "
                "AND NOT x.indisunique AND i.relname <> ALL(%s)", [list(INDEX.values())])
            for (name,) in cursor.fetchall():
                cursor.execute(f'DROP INDEX "{name}"')
        plan = query.explain()
        transaction.set_rollback(True)

    assert INDEX[str(level.warning)] in plan
