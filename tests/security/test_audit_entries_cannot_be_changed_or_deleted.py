"""Append-only: the ORM refuses to update or delete an audit row, and so does the database."""

import pytest
from django.db import DatabaseError, connection, transaction

from tongxin.security import audit
from tongxin.security.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_orm_refuses():
    entry = audit.record(category="security", action="x", actor_name="t")
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        entry.delete()
    with pytest.raises(TypeError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="y")
    with pytest.raises(TypeError):
        AuditEntry.objects.all().delete()


@pytest.mark.parametrize("sql", [
    "UPDATE security_auditentry SET action = 'y'",
    "DELETE FROM security_auditentry",
])
def test_database_refuses(sql):
    audit.record(category="security", action="x", actor_name="t")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    assert AuditEntry.objects.filter(action="x").count() == 1
