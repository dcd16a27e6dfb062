"""Back office for supervision: the referral rules and unit leaders are configuration; orders
and referrals are records written by the services, so the admin only reads them."""

from django.contrib import admin

from tongxin.core.admin import ReadOnlyAdmin

from .models import Referral, ReferralRule, SupervisionOrder, UnitLeader


@admin.register(ReferralRule)
class ReferralRuleAdmin(admin.ModelAdmin):
    list_display = ("problem_type", "threshold", "window_days", "is_active")
    list_editable = ("threshold", "window_days", "is_active")


@admin.register(UnitLeader)
class UnitLeaderAdmin(admin.ModelAdmin):
    list_display = ("department", "user", "title")
    list_filter = ("department",)
    raw_id_fields = ("user",)


@admin.register(SupervisionOrder)
class SupervisionOrderAdmin(ReadOnlyAdmin):
    list_display = ("case", "department", "kind", "level", "status", "created_at", "due_at")
    list_filter = ("status", "kind", "level")
    search_fields = ("case__number", "text", "reply")


@admin.register(Referral)
class ReferralAdmin(ReadOnlyAdmin):
    list_display = ("case", "department", "problem_type", "status", "created_at")
    list_filter = ("status", "problem_type")
    search_fields = ("case__number", "reason")
