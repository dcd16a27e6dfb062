"""The knowledge base (知识库) of policy answers the hotline operators read out to callers."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tongxin.core.models import TimeStamped


class KnowledgeArticle(TimeStamped):
    """One question and its current answer, kept up to date by the owning department."""

    question = models.CharField(_("question"), max_length=300)
    answer = models.TextField(_("answer"))
    department = models.ForeignKey(
        "org.Department", verbose_name=_("owning department"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="knowledge_articles",
    )
    # Space-separated search tokens (jieba words and character bigrams) of question and
    # answer, recomputed on save: searching them works the same on SQLite and PostgreSQL.
    tokens = models.TextField(_("search tokens"), blank=True, editable=False)
    source = models.CharField(_("source"), max_length=100, blank=True)
    source_ref = models.CharField(_("source reference"), max_length=100, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # When the owning department last confirmed the answer is current; past
    # settings.TONGXIN_KB_STALE_DAYS the article is marked for review.
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        verbose_name = _("knowledge article")
        verbose_name_plural = _("knowledge articles")
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_ref"], condition=~models.Q(source_ref=""),
                name="kb_unique_source_ref",
            ),
        ]

    def __str__(self) -> str:
        return self.question

    def save(self, *args, **kwargs) -> None:
        from .search import index_text

        self.tokens = index_text(f"{self.question} {self.answer}")
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "tokens"}
        super().save(*args, **kwargs)
