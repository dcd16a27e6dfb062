from django.contrib import admin

from .models import KnowledgeArticle


@admin.register(KnowledgeArticle)
class KnowledgeArticleAdmin(admin.ModelAdmin):
    list_display = ("question", "department", "is_active", "reviewed_on", "updated_at", "source")
    list_filter = ("is_active", "department", "source")
    search_fields = ("question", "answer")
    fields = ("question", "answer", "department", "is_active", "reviewed_on", "source",
              "source_ref")
