"""The database holds no ID number or phone of a person in clear: the raw SQLite database
image (or, on PostgreSQL, the table as COPY dumps it) is searched for them."""

import io

from django.db import connection

from tests.basedata.people import citizen_id, person


def _raw_bytes() -> bytes:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        return connection.connection.serialize()
    out = io.BytesIO()
    with connection.cursor() as cursor, cursor.connection.cursor().copy(
            "COPY basedata_person TO STDOUT") as copy:
        for chunk in copy:
            out.write(chunk)
    return out.getvalue()


def test_numbers_are_ciphertexts_in_the_database(world):
    person(world.grids["A1"], 1, name="张三", phone="13812345678")
    raw = _raw_bytes()
    assert "张三".encode() in raw  # the search itself works: the name is stored in clear
    assert citizen_id(1).encode() not in raw
    assert b"13812345678" not in raw
