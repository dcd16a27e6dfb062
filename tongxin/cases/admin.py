"""Back office view of cases: read-only. Cases change only through cases.services, which
checks the workflow, locks the row and writes the audit trail; the admin must not bypass it."""

from django.contrib import admin

from tongxin.core.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import Attachment, Case, CaseEvent, CaseLink


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
class CaseAdmin(ReadOnlyAdmin):
    # Urgency and warning are filters rather than columns: the title needs the width.
    list_display = ("number", "title", "status", "channel", "street", "lead_department",
                    "created_at")
    list_filter = ("status", "channel", "urgency", "warning", "outside_jurisdiction",
                   ("street", admin.RelatedOnlyFieldListFilter),
                   ("lead_department", admin.RelatedOnlyFieldListFilter))
    search_fields = ("number", "title")
    # Personal data is read on the case page, masked, and revealed there as an audited
    # action; the back office never shows it.
    exclude = ("reporter_name", "reporter_phone", "reporter_phone_hash", "reporter_id_number",
               "reporter_email", "address")
    list_select_related = ("street", "lead_department")
    date_hierarchy = "created_at"
    inlines = [CaseEventInline, AttachmentInline]


@admin.register(CaseLink)
class CaseLinkAdmin(ReadOnlyAdmin):
    # Written by tongxin.cases.linking together with the events on both cases.
    list_display = ("from_case", "to_case", "created_by", "created_at", "note")
    search_fields = ("from_case__number", "to_case__number")
    list_select_related = ("from_case", "to_case", "created_by")
    raw_id_fields = ("from_case", "to_case")
