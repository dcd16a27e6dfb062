"""Hotline writes: a repeat call becomes an event on the case it repeats (not a second case),
knowledge-base articles are seeded from reply data and kept current by their departments."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.accounts.masking import mask_name
from tongxin.accounts.models import User
from tongxin.accounts.permissions import CREATE
from tongxin.cases.models import CaseEvent
from tongxin.cases.services import note_on_case
from tongxin.cases.workflow import Scope
from tongxin.core.errors import PermissionDenied, ValidationFailed
from tongxin.org.models import Department
from tongxin.security.crypto import phone_hash

from .kb_access import Keeper, keeper_of
from .models import KnowledgeArticle
from .search import index_text

REPEAT_CALL = "repeat_call"


def record_repeat_call(*, case_id: int, actor: User, note: str = "", caller_name: str = "",
                       caller_phone: str = "", at: datetime | None = None) -> CaseEvent:
    """Link a further call about an open case to it: an event on its trail (the handling unit
    sees that the citizen called again), the status unchanged. The trail is kept for ever,
    beyond the reach of data retention, so the caller's name goes in masked and the number
    only as its keyed hash (the calls of one number can still be found)."""
    return note_on_case(
        case_id=case_id, actor=actor, action=REPEAT_CALL, permission=CREATE, scope=Scope.AREA,
        note=note.strip()[:2000], at=at,
        data={"caller_name": mask_name(caller_name[:50]),
              "caller_phone_hash": phone_hash(caller_phone)},
    )


# ---------------------------------------------------------------- knowledge base seeding

SOURCE = "appeals-zh"
_GREETING = re.compile(r"^\s*(网友|您好|尊敬的)[^：:，,。]{0,20}[：:，,]\s*")
ANSWER_MAX = 1200


@dataclass(frozen=True)
class Seeded:
    created: int
    skipped: int


def _rows(path: Path) -> Iterator[dict[str, str]]:
    csv.field_size_limit(10**8)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        yield from csv.DictReader(handle)


def derive_article(row: dict[str, str]) -> tuple[str, str] | None:
    """(question, answer) from a message and the government's reply, or None when either is
    missing. The reply's salutation is dropped; the answer is cut to a readable length."""
    question = (row.get("subject") or "").strip()
    answer = _GREETING.sub("", (row.get("reply") or "").strip())
    if not question or len(answer) < 10:
        return None
    if len(answer) > ANSWER_MAX:
        answer = answer[:ANSWER_MAX].rstrip() + "…"
    return question[:300], answer


def seed_knowledge_base(*, path: Path, limit: int | None = None) -> Seeded:
    """Store derived articles from messages_with_replies.csv; rows already seeded (same id)
    are skipped, so running it again adds nothing."""
    required = {"id", "subject", "reply"}
    rows = _rows(path)
    created = skipped = 0
    batch: list[KnowledgeArticle] = []
    known = set(KnowledgeArticle.objects.filter(source=SOURCE)
                .values_list("source_ref", flat=True))
    for n, row in enumerate(rows):
        if n == 0 and not required <= set(row):
            raise ValidationFailed(
                _("The file lacks the columns %(cols)s.") % {"cols": ", ".join(sorted(required))}
            )
        if limit is not None and created >= limit:
            break
        ref = (row.get("id") or "").strip()
        derived = derive_article(row)
        if derived is None or not ref or ref in known:
            skipped += 1
            continue
        # bulk_create skips save(), so the search tokens are computed here.
        question, answer = derived
        batch.append(KnowledgeArticle(question=question, answer=answer, source=SOURCE,
                                      source_ref=ref, tokens=index_text(f"{question} {answer}")))
        known.add(ref)
        created += 1
    KnowledgeArticle.objects.bulk_create(batch, batch_size=500)
    return Seeded(created, skipped)


@dataclass(frozen=True)
class SeedArticle:
    ref: str
    question: str
    answer: str
    department: Department | None


def seed_articles(*, source: str, articles: Iterable[SeedArticle]) -> int:
    """Store the articles of `source` that are not stored yet (matched by `ref`), reviewed
    today; returns how many were added. An article already stored is left as it is: its
    department may have edited, reviewed or retired it since."""
    articles = list(articles)
    known = set(KnowledgeArticle.objects.filter(
        source=source, source_ref__in=[a.ref for a in articles]
    ).values_list("source_ref", flat=True))
    today = timezone.localdate()
    added = 0
    with transaction.atomic():
        for a in articles:
            if a.ref in known:
                continue
            KnowledgeArticle(question=a.question[:300], answer=a.answer, department=a.department,
                             source=source, source_ref=a.ref, reviewed_on=today).save()
            known.add(a.ref)
            added += 1
    return added


# ---------------------------------------------------------------- knowledge-base upkeep


@dataclass(frozen=True)
class ArticleInput:
    question: str
    answer: str
    department: Department | None


def save_article(*, actor: User, data: ArticleInput,
                 article_id: int | None = None) -> KnowledgeArticle:
    """Create or change an article the actor keeps; saving it counts as reviewing it today.
    Someone else's article is reported as not found (its existence is no secret, but the
    answer is the same whether it exists or not)."""
    keeper = keeper_of(actor)
    question, answer = data.question.strip(), data.answer.strip()
    if not question or not answer:
        raise ValidationFailed(_("Both the question and the answer are required."))
    if data.department is None and not keeper.everything:
        raise ValidationFailed(_("Choose the department that keeps this answer."))
    if data.department is not None and not keeper.everything \
            and data.department.pk not in keeper.department_ids:
        raise PermissionDenied(_("You may only keep your own department's answers."))
    with transaction.atomic():
        article = (_locked_article(keeper, article_id) if article_id is not None
                   else KnowledgeArticle(source="department"))
        article.question, article.answer = question[:300], answer
        article.department = data.department
        article.reviewed_on, article.reviewed_by = timezone.localdate(), actor
        article.save()
    return article


def mark_reviewed(*, actor: User, article_id: int) -> KnowledgeArticle:
    """The answer was checked and is still right: only the review date moves."""
    with transaction.atomic():
        article = _locked_article(keeper_of(actor), article_id)
        article.reviewed_on, article.reviewed_by = timezone.localdate(), actor
        article.save(update_fields=["reviewed_on", "reviewed_by", "updated_at"])
    return article


def set_article_active(*, actor: User, article_id: int, active: bool) -> KnowledgeArticle:
    """Retire an outdated answer (operators no longer find it) or bring it back; retired
    articles are kept for the record rather than deleted."""
    with transaction.atomic():
        article = _locked_article(keeper_of(actor), article_id)
        article.is_active = active
        article.save(update_fields=["is_active", "updated_at"])
    return article


def _locked_article(keeper: Keeper, article_id: int) -> KnowledgeArticle:
    article = keeper.articles().select_for_update(of=("self",)).filter(pk=article_id).first()
    if article is None:
        raise KnowledgeArticle.DoesNotExist
    return article
