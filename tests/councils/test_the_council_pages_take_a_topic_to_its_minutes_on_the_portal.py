"""The council pages: the list (filtered by jurisdiction), a topic made from case numbers,
vetting, a comment, the meeting, a vote refused without quorum (409 with the message on the
page, in the default zh-Hans), the vote, the count and the minutes shown on the public
portal page."""

from tests.cases.loop import POINT_A1, report
from tongxin.councils.models import Topic

from .council import build_council  # noqa: F401  (the fixture's module)


def login(client, user):
    client.force_login(user)
    return client


def step(client, topic, name, **data):
    return client.post(f"/councils/{topic.pk}/{name}/", data)


def test_a_topic_through_the_pages(council, client):
    w = council.world
    cases = [report(w, title="楼道堆放杂物", point=POINT_A1) for _ in range(3)]
    staff = login(client, w.user("street_a"))
    r = staff.post("/councils/propose/", {"case_numbers": ",".join(c.number for c in cases)})
    topic = Topic.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/councils/{topic.pk}/"
    assert "楼道堆放杂物" in staff.get("/councils/").content.decode()
    assert step(staff, topic, "submit").status_code == 302

    login(client, council.user("branch"))
    assert step(client, topic, "vet", decision="approve", note="同意").status_code == 302
    login(client, council.user("rep4"))
    assert step(client, topic, "comment", text="建议设定清理日").status_code == 302
    assert "建议设定清理日" in client.get(f"/councils/{topic.pk}/").content.decode()

    login(client, council.user("convener"))
    assert step(client, topic, "schedule", starts_at="2026-09-30T19:00", place="活动室",
                agenda="表决").status_code == 302
    step(client, topic, "attendance", present=[council.seats["rep1"].pk])
    refused = step(client, topic, "open_vote")
    assert refused.status_code == 409 and "未达法定人数" in refused.content.decode()
    step(client, topic, "attendance", present=[s.pk for s in council.seats.values()])
    assert step(client, topic, "open_vote").status_code == 302

    login(client, council.user("rep1"))
    assert step(client, topic, "vote", choice="yes").status_code == 302
    login(client, council.user("rep2"))  # same household
    again = step(client, topic, "vote", choice="no")
    assert again.status_code == 409 and "您所在的户已就该议题投过票" in again.content.decode()

    login(client, council.user("convener"))
    step(client, topic, "close_vote")
    step(client, topic, "minutes", text="表决通过：每月第一个周六清理楼道。")
    client.logout()
    public = client.get("/councils/minutes/").content.decode()
    assert "每月第一个周六清理楼道" in public and "楼道堆放杂物" in public


def test_other_streets_and_anonymous_visitors_do_not_see_the_topic(council, client):
    topic = Topic.objects.create(council=council.council, title="停车", text="…",
                                 created_at="2026-09-21T10:00+08:00")
    assert client.get(f"/councils/{topic.pk}/").status_code == 302  # to the login
    login(client, council.world.user("street_b"))
    assert client.get(f"/councils/{topic.pk}/").status_code == 404
    assert "停车" not in client.get("/councils/").content.decode()
