"""The index page of a section (/supervision/, /scoring/, …): the section's pages the user
may open, each with a line saying what it is for. Every app's `index` view builds its list
of `SectionLink`s with its own permission checks and renders it here, so no section root
answers 404 and no index offers a page that would refuse the user."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise


@dataclass(frozen=True)
class SectionLink:
    url: str
    label: str | Promise
    description: str | Promise = ""


def section_index(request: HttpRequest, *, title: str | Promise, links: list[SectionLink],
                  active_page: str = "") -> HttpResponse:
    """The index page, or 403 when the user may open none of the section's pages."""
    if not links:
        raise PermissionDenied
    return render(request, "core/section_index.html",
                  {"title": title, "links": links, "active_page": active_page})
