from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from common.translations import translation_fieldset, translations_form

from .models import Delegation


class MemberInline(admin.TabularInline):
    """Who belongs to the delegation; people are added and changed on the user page."""

    model = User
    fields = ("email", "full_name", "role", "is_active", "last_login")
    readonly_fields = fields
    extra = 0
    show_change_link = True
    verbose_name = _("member")
    verbose_name_plural = _("members")

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Delegation)
class DelegationAdmin(admin.ModelAdmin):
    form = translations_form(Delegation, "name", "short_name")
    fieldsets = (
        (None, {"fields": ("name", "short_name", "kind", "iso3", "iso2", "is_active")}),
        translation_fieldset("name", "short_name"),
    )
    list_display = ("name", "short_name", "kind", "iso3", "iso2", "member_count", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "short_name", "iso3", "iso2")
    ordering = ("name",)
    inlines = [MemberInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_count=Count("members"))

    @admin.display(description=_("members"), ordering="member_count")
    def member_count(self, obj):
        return obj.member_count
