"""The analytics page ranks hot issues (the same problem at the same place) and links each
to its cases; trending words and warnings sit beside them."""

from tests.analytics.helpers import client_for
from tests.cases.loop import report


def test_insights_page_lists_hot_issues_with_links(world):
    light = world.categories["light"]
    for _ in range(3):
        report(world, category=light, title="路灯不亮", point=(34.05, 117.1))
    report(world, category=light, title="路灯不亮", point=(34.05, 117.3))  # street B, alone

    page = client_for(world, "dispatcher").get("/analytics/insights/")
    assert page.status_code == 200
    html = page.content.decode()
    rows = html.split('data-table="hot"')[1].split("</table>")[0]
    assert rows.count("<tr>") == 2  # the header and the one hot issue (A1, three cases)
    assert "A街道A1社区" in rows and f"category={light.pk}" in rows
