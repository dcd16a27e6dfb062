"""Knowledge-base search finds answers by Chinese bigrams, best match first, active only,
through the API for hotline staff and not for citizens."""

from tongxin.hotline.models import KnowledgeArticle
from tongxin.hotline.selectors import search_knowledge


def test_knowledge_search_ranks_matching_answers_first(world, client):
    permit = KnowledgeArticle.objects.create(
        question="居住证怎么办理？", answer="到社区服务中心办理。",
        department=world.departments["zj"])
    KnowledgeArticle.objects.create(question="停水怎么办？", answer="拨打供水热线。")
    KnowledgeArticle.objects.create(question="居住证过期", answer="旧答复", is_active=False)
    found = search_knowledge("居住证办理需要什么")
    assert found[0] == permit and len(found) == 1
    assert search_knowledge("！！") == []

    client.force_login(world.user("operator"))
    rows = client.get("/api/v1/hotline/knowledge", {"q": "居住证"}).json()
    assert rows[0]["question"] == "居住证怎么办理？" and rows[0]["department"] == "区住建局"
    client.force_login(world.user("citizen"))
    assert client.get("/api/v1/hotline/knowledge", {"q": "居住证"}).status_code == 403
