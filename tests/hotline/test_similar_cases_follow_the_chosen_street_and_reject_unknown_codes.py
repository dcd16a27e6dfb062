"""While typing, the console's similar cases come from duplicate detection; choosing a
street/community narrows them to that street's command area, an unknown code is a 422."""

from tongxin.cases.services import NewCase, create_case


def _case(world, title, community):
    return create_case(actor=world.user("operator"), new=NewCase(
        channel="hotline", title=title, region=world.communities[community]))


def test_similar_cases_follow_the_chosen_street_and_reject_unknown_codes(world, client):
    in_a = _case(world, "幸福小区3号楼停水两天", "A1")
    in_b = _case(world, "幸福小区3号楼停水两天了", "B1")
    client.force_login(world.user("operator"))
    url = "/api/v1/hotline/similar"
    text = "幸福小区3号楼又停水了"
    anywhere = [r["number"] for r in client.get(url, {"text": text}).json()]
    assert set(anywhere) == {in_a.number, in_b.number}
    in_street_a = client.get(url, {"text": text, "region": world.communities["A2"].code,
                                   "category": world.categories["light"].code}).json()
    assert [r["number"] for r in in_street_a] == [in_a.number]
    answer = client.get(url, {"text": text, "region": "no-such-code"})
    assert answer.status_code == 422 and "no-such-code" in answer.json()["detail"]
