"""Back office view of cases: read-only. Cases change only through cases.services, which
checks the workflow, locks the row and writes the audit trail; the admin must not bypass it."""

from django.contrib import admin

from .models import Attachment, Case, CaseEvent


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class CaseEventInline(ReadOnlyInline):
    model = CaseEvent
    fields = ("at", "action", "actor", "from_status", "to_status", "note", "data")
    readonly_fields = fields
    ordering = ("at", "id")


class AttachmentInline(ReadOnlyInline):
    model = Attachment
    fields = ("file", "content_type", "size", "uploaded_by", "created_at")
    readonly_fields = fields


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    # Urgency and warning are filters rather than columns: the title needs the width.
    list_display = ("number", "title", "status", "channel", "street", "lead_department",
                    "created_at")
    list_filter = ("status", "channel", "urgency", "warning",
                   ("street", admin.RelatedOnlyFieldListFilter),
                   ("lead_department", admin.RelatedOnlyFieldListFilter))
    search_fields = ("number", "title", "address")
    list_select_related = ("street", "lead_department")
    date_hierarchy = "created_at"
    inlines = [CaseEventInline, AttachmentInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
