"""A household visit sent twice with the same client id (offline resend) is stored once."""

import json
import uuid

from tongxin.fieldapp.models import HouseholdVisit


def test_household_visit_resent_is_stored_once(world, client):
    client.force_login(world.user("grid_a1"))
    body = {"client_id": str(uuid.uuid4()), "address": "幸福路3号楼2单元", "household": "张家",
            "note": "独居老人，需关注"}
    first = client.post("/api/v1/field/visits", json.dumps(body), content_type="application/json")
    second = client.post("/api/v1/field/visits", json.dumps(body), content_type="application/json")
    assert first.json()["id"] == second.json()["id"]
    assert HouseholdVisit.objects.count() == 1
    blank = {**body, "client_id": str(uuid.uuid4()), "address": ""}
    assert client.post("/api/v1/field/visits", json.dumps(blank),
                       content_type="application/json").status_code == 422
