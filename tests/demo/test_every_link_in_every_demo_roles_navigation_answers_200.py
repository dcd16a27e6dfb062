"""Every link in the navigation of every demo account (the README's table) answers 200: the
sidebar and the tab bars of the page each account lands on, and the section index pages they
lead to, followed one link at a time until nothing new is found. A dead link, a section root
without an index page (/supervision/ once was a 404) or a link offered to a role whose page
then refuses it (403) fails here, naming the account, the page and the link."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.test import Client

from tests.demo.test_every_account_the_readme_names_exists_in_the_demo import (
    PASSWORD,
    readme_accounts,
)
from tongxin.accounts.models import User
from tongxin.workbench.landing import landing_url

# Leaving the session is not a page; the admin is Django's own and has its own tests.
NOT_PAGES = ("/logout/", "/i18n/")


VOID = ("link", "meta", "img", "input", "br", "hr", "source")


class NavigationLinks(HTMLParser):
    """The hrefs inside <nav>, <header> and section index lists: the open elements are
    tracked, so a link counts when any ancestor is navigation."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[bool] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and any(self.stack) and attributes.get("href"):
            self.links.append(attributes["href"] or "")
        if tag in VOID:
            return
        self.stack.append(tag in ("nav", "header") or "data-section-index" in attributes)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if self.stack:
            self.stack.pop()


def navigation_links(html: str) -> list[str]:
    parser = NavigationLinks()
    parser.feed(html)
    return parser.links


def local_page(href: str) -> str | None:
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None  # another site, or an anchor on the same page
    if parts.path.startswith(NOT_PAGES):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


@pytest.fixture
def no_second_factor(settings):
    settings.TONGXIN_TOTP_ROLES = []  # the second factor has its own tests (tests/security)


@pytest.mark.parametrize("username", sorted(readme_accounts()))
def test_every_link_in_the_navigation_answers_200(demo, no_second_factor, username):
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    start = landing_url(User.objects.get(username=username))
    seen: dict[str, str] = {}
    # The page the account lands on, and the workbench home with its sidebar (the
    # administrators land in the admin; a citizen's home is the portal).
    todo = [("/", "(home)"), (start, "(landing)")]
    while todo:
        url, found_on = todo.pop()
        if url in seen:
            continue
        seen[url] = found_on
        response = client.get(url, follow=True)  # a section may open on its first page
        assert response.status_code == 200, f"{username}: {url} (linked from {found_on}) " \
                                             f"answered {response.status_code}"
        if "text/html" in response.get("Content-Type", "") and not url.startswith("/admin/"):
            for href in navigation_links(response.content.decode()):
                page = local_page(href)
                if page is not None and page not in seen:
                    todo.append((page, url))
    assert len(seen) > 1, f"{username} has no navigation at all"


def test_the_dispatcher_is_not_offered_the_citizen_features(demo, no_second_factor):
    client = Client()
    assert client.login(username="dispatcher", password=PASSWORD)
    links = navigation_links(client.get("/notifications/").content.decode())
    assert "/cases/new/" in links  # the sidebar was read
    assert not [link for link in links if link.startswith("/participation/")]


def test_a_grid_worker_is_offered_points_and_micro_wishes(demo, no_second_factor):
    client = Client()
    assert client.login(username="grid", password=PASSWORD)
    links = navigation_links(client.get("/notifications/").content.decode())
    assert {"/participation/points/", "/participation/wishes/"} <= set(links)
