"""Knowledge-base upkeep (/hotline/kb/): departments list, search, write, review and retire
their own answers; the command centre keeps all. Another department's article is 404."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.accounts.http import AuthenticatedHttpRequest
from tongxin.core.errors import TongxinError
from tongxin.workbench.context import Navigation

from . import selectors, services
from .forms import ArticleForm, KbFilterForm
from .kb_access import Keeper, keeper_of
from .models import KnowledgeArticle


def _keeper(request: AuthenticatedHttpRequest) -> Keeper:
    keeper = keeper_of(request.user)
    if not keeper.any:
        raise PermissionDenied(_("The knowledge base is kept by department handlers and the "
                                 "command centre."))
    return keeper


def _page(request: AuthenticatedHttpRequest, template: str, **context) -> HttpResponse:
    return render(request, template, {
        "nav": Navigation(request.user), "active_page": "kb",
        "stale_days": settings.TONGXIN_KB_STALE_DAYS, **context,
    })


@login_required
def kb_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _keeper(request)
    form = KbFilterForm(request.GET or None)
    params = form.cleaned_data if form.is_valid() else {}
    rows = selectors.kept_articles(
        request.user, query=params.get("q", ""), status=params.get("status") or "active",
        stale_only=bool(params.get("stale")),
    )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    for article in page.object_list:
        article.stale = selectors.is_stale(article)  # type: ignore[attr-defined]
    return _page(request, "hotline/kb_list.html", form=form, page=page)


def _article(keeper: Keeper, pk: int) -> KnowledgeArticle:
    article = keeper.articles().filter(pk=pk).first()
    if article is None:
        raise Http404(_("No such article among those you keep."))
    return article


@login_required
def kb_edit(request: AuthenticatedHttpRequest, pk: int | None = None) -> HttpResponse:
    keeper = _keeper(request)
    article = _article(keeper, pk) if pk is not None else None
    initial = {"question": article.question, "answer": article.answer,
               "department": article.department_id} if article else {}
    if article is None and len(keeper.department_ids) == 1 and not keeper.everything:
        initial["department"] = next(iter(keeper.department_ids))
    form = ArticleForm(request.POST or None, initial=initial, keeper=keeper)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_article(
                actor=request.user, article_id=pk, data=services.ArticleInput(
                    question=form.cleaned_data["question"], answer=form.cleaned_data["answer"],
                    department=form.cleaned_data["department"]))
        except TongxinError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The answer was saved; operators find it now."))
            return redirect("hotline:kb_edit", pk=saved.pk)
    return _page(request, "hotline/kb_edit.html", form=form, article=article,
                 stale=article is not None and selectors.is_stale(article))


@login_required
@require_POST
def kb_reviewed(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _article(_keeper(request), pk)
    services.mark_reviewed(actor=request.user, article_id=pk)
    messages.success(request, _("Marked as reviewed today."))
    return redirect("hotline:kb_edit", pk=pk)


@login_required
@require_POST
def kb_retire(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    article = _article(_keeper(request), pk)
    services.set_article_active(actor=request.user, article_id=pk,
                                active=not article.is_active)
    messages.success(request, _("The answer was brought back into use.") if not article.is_active
                     else _("The answer was retired; operators no longer find it."))
    return redirect("hotline:kb_edit", pk=pk)
