"""A patrol started twice with the same client id is one patrol; track points resent after a
lost answer are stored once; the distance is the length of the track; only the worker's own
patrol takes points, and only grid workers patrol."""

import json
import uuid


def _post(client, path, body):
    return client.post(path, json.dumps(body), content_type="application/json")


def test_patrol_track_resent_is_stored_once(world, client):
    client.force_login(world.user("grid_a1"))
    cid = str(uuid.uuid4())
    first = _post(client, "/api/v1/field/patrols",
                  {"client_id": cid, "started_at": "2026-11-20T08:55:00+08:00"}).json()
    again = _post(client, "/api/v1/field/patrols", {"client_id": cid}).json()
    assert first["id"] == again["id"]
    points = {"points": [
        {"at": "2026-11-20T09:00:00+08:00", "lat": 34.05, "lng": 117.10},
        {"at": "2026-11-20T09:05:00+08:00", "lat": 34.06, "lng": 117.10},
    ]}
    url = f"/api/v1/field/patrols/{first['id']}/points"
    _post(client, url, points)
    track = _post(client, url, points).json()
    assert track["points"] == 2
    assert 1100 < track["distance_m"] < 1120  # 0.01° of latitude ≈ 1.11 km
    stop = f"/api/v1/field/patrols/{first['id']}/stop"
    assert _post(client, stop, {"ended_at": "2026-11-20T08:00:00+08:00"}).status_code == 422
    stopped = _post(client, stop, {"ended_at": "2026-11-20T09:30:00+08:00"}).json()
    assert stopped["ended_at"] == "2026-11-20T09:30:00+08:00"

    client.force_login(world.user("dispatcher"))
    assert _post(client, url, points).status_code == 403
    assert _post(client, "/api/v1/field/patrols", {"client_id": cid}).status_code == 403
    assert _post(client, "/api/v1/field/patrols", {"client_id": "nope"}).status_code == 422
