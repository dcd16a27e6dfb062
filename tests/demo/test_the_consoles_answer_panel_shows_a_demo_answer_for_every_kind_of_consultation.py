"""The demo fills the hotline console's 知识库: about thirty answers (社保, 医保, 户籍, 公积金,
供暖, 物业, 停水停电, 违章停车, 噪声 …), each kept by the lead unit of its category, so a call
about any of them brings up an answer from the unit that knows (the panel reads
/api/v1/hotline/knowledge with the call's summary as it is typed)."""

import pytest

from tongxin.accounts.models import User
from tongxin.demo import categories, knowledge, texts
from tongxin.demo.loader import KB_SOURCE
from tongxin.hotline.models import KnowledgeArticle
from tongxin.org.models import Department

# What callers say, and the category whose unit should answer.
CALLS = {
    "我们小区突然停水了，什么时候能来水": "水电气暖/停水/计划停水",
    "家里停电了找谁": "水电气暖/停电/突发停电",
    "暖气不热，室温只有十五度": "水电气暖/供暖",
    "楼下广场舞音响太吵": "生态环境/噪声污染/社会生活噪声",
    "工地晚上施工噪音太大": "生态环境/噪声污染/施工噪声",
    "小区门口违章停车堵路": "交通出行/交通秩序/违章停车",
    "物业服务差还要交物业费吗": "住房保障/物业管理/物业收费",
    "租房能不能提取公积金": "政策咨询/其他咨询",
    "医保异地就医备案怎么办": "教育卫生/医疗服务",
    "居民医保什么时候缴费": "教育卫生/医疗服务",
    "孩子落户要什么材料": "政策咨询/户籍证件咨询",
    "社保卡丢了怎么补办": "政策咨询/社保政策咨询",
}


@pytest.fixture
def operator_client(demo_base, client):
    client.force_login(User.objects.get(username="operator"))
    return client


def top_answer_unit(client, q: str) -> str | None:
    response = client.get("/api/v1/hotline/knowledge", {"q": q})
    assert response.status_code == 200
    rows = response.json()
    return rows[0]["department"] if rows else None


def unit_of(category: str) -> str:
    return Department.objects.get(code=categories.lead_units()[category]).name


def test_the_demo_has_about_thirty_answers_each_kept_by_its_categorys_unit(demo_base):
    stored = KnowledgeArticle.objects.filter(source=KB_SOURCE, is_active=True)
    assert stored.count() == len(knowledge.ANSWERS) >= 30
    by_ref = {a.ref: a for a in knowledge.ANSWERS}
    for article in stored.select_related("department"):
        assert article.department.name == unit_of(by_ref[article.source_ref].category)
        assert article.reviewed_on is not None  # not 待复核 on a fresh demo


def test_every_consultation_the_demo_receives_finds_an_answer_of_its_unit(operator_client):
    questions = [p for p in texts.PROBLEMS if p.question]
    assert questions
    for problem in questions:
        for title in problem.titles:
            assert top_answer_unit(operator_client, title) == unit_of(problem.category), title


@pytest.mark.parametrize("call", CALLS)
def test_a_typical_call_finds_the_answer_of_the_unit_that_knows(operator_client, call):
    assert top_answer_unit(operator_client, call) == unit_of(CALLS[call])


def test_loading_the_demo_again_adds_no_answer(demo_base):
    from tests.demo.conftest import load_demo

    before = KnowledgeArticle.objects.count()
    load_demo("--no-cases")
    assert KnowledgeArticle.objects.count() == before
