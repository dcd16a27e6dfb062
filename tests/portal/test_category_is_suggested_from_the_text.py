"""While a citizen types, the portal suggests categories from the duty keywords and names."""


def test_category_is_suggested_from_the_text(world, client):
    client.force_login(world.user("citizen"))
    rows = client.get("/api/v1/portal/suggest-category",
                      {"text": "楼下路灯坏了好几天"}).json()
    assert rows[0] == {"code": "0101", "name": "路灯照明"}
    assert client.get("/api/v1/portal/suggest-category", {"text": "你好"}).json() == []
    assert client.get("/api/v1/portal/suggest-category").status_code == 422
