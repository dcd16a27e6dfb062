from django.contrib import admin

from .models import Notice


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ("title", "region", "published_at", "updated_at")
    list_filter = ("region",)
    search_fields = ("title", "body")
    date_hierarchy = "published_at"
