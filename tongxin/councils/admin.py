from django.contrib import admin

from .models import Council, Representative, Topic


class RepresentativeInline(admin.TabularInline):
    model = Representative
    raw_id_fields = ("user", "household")
    extra = 0


@admin.register(Council)
class CouncilAdmin(admin.ModelAdmin):
    list_display = ("name", "grid", "vote_by", "quorum_share")
    raw_id_fields = ("grid",)
    inlines = [RepresentativeInline]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ("title", "council", "status", "created_at")
    list_filter = ("status",)
    raw_id_fields = ("council", "proposer", "vetted_by", "source_cases")
