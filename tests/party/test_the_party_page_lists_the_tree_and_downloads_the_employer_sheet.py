"""The party page shows the organisations of the user's area and the quarterly sheet of an
employer as Excel; a bad quarter is a 400 with a message; citizens are refused."""

from tongxin.party import services


def test_the_party_page_and_its_sheet(world, client):
    street = services.add_org(name="A街道党工委", level="street", region=world.streets["A"])
    services.add_org(name="B街道党工委", level="street", region=world.streets["B"])
    services.add_member(org=street, name="李明", kind="in_service",
                        employer=world.departments["cg"])
    client.force_login(world.user("street_a"))
    page = client.get("/party/").content.decode()
    assert "A街道党工委" in page and "B街道党工委" not in page
    cg = world.departments["cg"].pk
    r = client.get(f"/party/sheet.xlsx?employer={cg}&year=2026&quarter=3")
    assert r.status_code == 200 and r.content[:2] == b"PK"
    bad = client.get(f"/party/sheet.xlsx?employer={cg}&year=2026&quarter=9")
    assert bad.status_code == 400 and "quarter" in bad.content.decode()
    client.force_login(world.user("citizen"))
    assert client.get("/party/").status_code == 403
