"""Back office for users and their memberships (role × region or department)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from .access import has_permission
from .models import Membership, User
from .permissions import GRANT_ROLES, MANAGE_USERS


def may_grant(request) -> bool:
    """三员分立: only the security administrator edits memberships (the roles people hold);
    tongxin.security.duties checks each grant (never to oneself, one admin role per person)."""
    return has_permission(request.user, GRANT_ROLES)


class GrantGuard(admin.options.BaseModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return may_grant(request) and (obj is None or obj.pk != request.user.pk)

    def has_change_permission(self, request, obj=None) -> bool:
        return self.has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self.has_add_permission(request, obj)

    def has_view_permission(self, request, obj=None) -> bool:
        return True if request.user.is_staff else super().has_view_permission(request, obj)

    def has_module_permission(self, request) -> bool:
        return may_grant(request) or super().has_module_permission(request)


def may_manage_users(request) -> bool:
    """The system administrator creates, edits and deactivates accounts (not their roles)."""
    return has_permission(request.user, MANAGE_USERS)

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


class MembershipInline(GrantGuard, admin.TabularInline):
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

    def has_module_permission(self, request) -> bool:
        return may_manage_users(request) or may_grant(request) or super().has_module_permission(
            request)

    def has_view_permission(self, request, obj=None) -> bool:
        return (may_manage_users(request) or may_grant(request)
                or super().has_view_permission(request, obj))

    def has_add_permission(self, request) -> bool:
        return may_manage_users(request) or super().has_add_permission(request)

    def has_change_permission(self, request, obj=None) -> bool:
        # The security administrator edits memberships through the inline on this page.
        if obj is not None and obj.pk == request.user.pk and not request.user.is_superuser:
            return False  # nobody edits their own account's powers
        return (may_manage_users(request) or may_grant(request)
                or super().has_change_permission(request, obj))

    def save_formset(self, request, form, formset, change) -> None:
        if formset.model is not Membership:
            return super().save_formset(request, form, formset, change)
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            guarded_delete(request, obj)
        for obj in instances:
            guarded_save(request, obj)
        return None
    # Powers come from memberships (roles), which only the security administrator grants;
    # superuser status and raw Django permissions are not editable here (三员分立).
    readonly_fields = ("is_superuser", "last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("display_name", "phone", "email", "first_name",
                                         "last_name")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser")}),
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
class MembershipAdmin(GrantGuard, admin.ModelAdmin):
    list_display = ("user", "role", "region", "department")
    list_filter = ("role",)
    search_fields = ("user__username", "user__display_name", "region__name", "department__name")
    list_select_related = ("user", "region", "department")
    autocomplete_fields = ("user", "region", "department")

    def save_model(self, request, obj, form, change) -> None:
        guarded_save(request, obj)

    def delete_model(self, request, obj) -> None:
        guarded_delete(request, obj)


def _check(request, obj: Membership) -> None:
    from django.core.exceptions import PermissionDenied as Forbidden

    from tongxin.core.errors import TongxinError
    from tongxin.security.duties import check_grant

    try:
        check_grant(request.user, obj.user_id, obj.role)
    except TongxinError as error:
        raise Forbidden(str(error)) from error


def guarded_save(request, obj: Membership) -> None:
    _check(request, obj)
    obj._tx_actor = request.user  # read by the audit signal
    obj.save()


def guarded_delete(request, obj: Membership) -> None:
    _check(request, obj)
    obj._tx_actor = request.user  # read by the audit signal
    obj.delete()
