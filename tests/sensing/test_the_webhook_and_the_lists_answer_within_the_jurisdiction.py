"""POST /api/v1/sensing/events (a gateway token of channel iot or video): idempotent by
msg_id, malformed events counted in a 200 answer, never a 5xx; GET /api/v1/devices and
/api/v1/alarms?device= list what the caller's grids hold."""

from django.test import Client
from django.utils import timezone

from tests.api.support import token_for
from tests.sensing.fleet import device, smoke_profile


def test_webhook_is_idempotent_and_counts_malformed(world):
    device(world, smoke_profile(), "CAM-1")
    gateway = Client(HTTP_AUTHORIZATION=f"Bearer {token_for(world.user('dispatcher'), 'video')}")
    body = [{"device": "CAM-1", "msg_id": "v1", "ts": timezone.now().isoformat(),
             "type": "smoke", "value": 1}, {"device": "CAM-1", "ts": "never"}]
    first = gateway.post("/api/v1/sensing/events", body, content_type="application/json")
    again = gateway.post("/api/v1/sensing/events", body, content_type="application/json")
    assert first.status_code == 200 and first.json() == {"processed": 1, "malformed": 1}
    assert again.json() == {"duplicate": 1, "malformed": 1}
    staff = Client(HTTP_AUTHORIZATION=f"Bearer {token_for(world.user('dispatcher'))}")
    assert staff.post("/api/v1/sensing/events", body,
                      content_type="application/json").status_code == 403


def test_devices_and_alarms_are_listed_within_the_jurisdiction(world):
    device(world, smoke_profile(), "SMK-A")
    gateway = Client(HTTP_AUTHORIZATION=f"Bearer {token_for(world.user('dispatcher'), 'iot')}")
    gateway.post("/api/v1/sensing/events", {"device": "SMK-A", "msg_id": "1", "type": "smoke",
                                            "ts": timezone.now().isoformat(), "value": 1},
                 content_type="application/json")
    a1 = Client(HTTP_AUTHORIZATION=f"Bearer {token_for(world.user('grid_a1'))}")
    assert [d["code"] for d in a1.get("/api/v1/devices").json()] == ["SMK-A"]
    alarm = a1.get("/api/v1/alarms", {"device": "SMK-A"}).json()[0]
    assert (alarm["status"], alarm["count"]) == ("active", 1) and alarm["case_number"]
    b = Client(HTTP_AUTHORIZATION=f"Bearer {token_for(world.user('street_b'))}")
    assert b.get("/api/v1/devices").json() == [] and b.get("/api/v1/alarms").json() == []
