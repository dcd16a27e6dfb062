"""Back office for users and their memberships (role × region or department)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from .models import Membership, User

# The whole back office is ours: name it once, here, where the user admin lives.
admin.site.site_header = _("Tongxin administration")
admin.site.site_title = _("Tongxin administration")
admin.site.index_title = _("Base data")


class TongxinUserCreationForm(AdminUserCreationForm):
    # Django's forms name auth.User in their Meta; ours is accounts.User.
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("username", "display_name", "phone")


class TongxinUserChangeForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    fields = ("role", "region", "department")
    autocomplete_fields = ("region", "department")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = TongxinUserChangeForm
    add_form = TongxinUserCreationForm
    list_display = ("username", "display_name", "phone", "is_active", "is_staff", "last_login")
    search_fields = ("username", "display_name", "phone", "email")
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("display_name", "phone", "email", "first_name",
                                         "last_name")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups",
                                       "user_permissions")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {
            "classes": ("wide",),
            "fields": ("username", "display_name", "phone", "usable_password", "password1",
                       "password2"),
        }),
    )


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "region", "department")
    list_filter = ("role",)
    search_fields = ("user__username", "user__display_name", "region__name", "department__name")
    list_select_related = ("user", "region", "department")
    autocomplete_fields = ("user", "region", "department")
