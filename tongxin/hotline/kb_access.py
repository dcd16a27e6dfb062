"""Who keeps which knowledge-base articles: a department handler keeps the articles of their
own department(s); a dispatcher of the command centre (a district-level membership) keeps
all of them, including articles no department owns yet."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from tongxin.accounts.access import memberships_of
from tongxin.accounts.models import Role, User
from tongxin.org.models import Department
from tongxin.regions.models import Level

from .models import KnowledgeArticle
from .search import tokens


@dataclass(frozen=True)
class Keeper:
    everything: bool
    department_ids: frozenset[int]

    @property
    def any(self) -> bool:
        return self.everything or bool(self.department_ids)

    def articles(self) -> QuerySet[KnowledgeArticle]:
        rows = KnowledgeArticle.objects.select_related("department", "reviewed_by")
        return rows if self.everything else rows.filter(department_id__in=self.department_ids)

    def departments(self) -> QuerySet[Department]:
        rows = Department.objects.order_by("code")
        return rows if self.everything else rows.filter(pk__in=self.department_ids)

    def keeps(self, article: KnowledgeArticle) -> bool:
        return self.everything or article.department_id in self.department_ids


def keeper_of(user: User) -> Keeper:
    members = memberships_of(user)
    everything = any(
        m.role == Role.DISPATCHER and m.region is not None and m.region.level == Level.DISTRICT
        for m in members
    )
    departments = frozenset(
        m.department_id for m in members if m.role == Role.HANDLER and m.department_id
    )
    return Keeper(everything, departments)


def may_keep_kb(user: User) -> bool:
    return keeper_of(user).any


def matching(rows: QuerySet[KnowledgeArticle], query: str) -> QuerySet[KnowledgeArticle]:
    """Articles containing the text, or any of its search tokens (as the console finds them)."""
    query = query.strip()
    if not query:
        return rows
    found = Q(question__icontains=query) | Q(answer__icontains=query)
    for word in tokens(query)[:20]:
        found |= Q(tokens__contains=f" {word} ")
    return rows.filter(found)
