"""Compendia in the Django admin: to read, and for administrators to delete old drafts (through the service)."""

import rules
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from common.errors import ActionRefused

from . import services
from .models import Compendium


@admin.register(Compendium)
class CompendiumAdmin(admin.ModelAdmin):
    list_display = ("__str__", "created_by", "created_at", "state", "paper_count")
    list_filter = ("state",)
    readonly_fields = [field.name for field in Compendium._meta.fields]
    actions = ["delete_selected_compendia"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return rules.has_perm("compendium.view_compendium", request.user, obj)

    def has_module_permission(self, request):
        return rules.has_perm("compendium.view_compendium", request.user)

    def has_delete_permission(self, request, obj=None):
        return rules.has_perm("compendium.delete_compendium", request.user, obj)

    def get_actions(self, request):
        # Django's bulk delete would skip the service (files, audit); ours goes through it.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def delete_model(self, request, obj):
        services.delete_compendium(compendium=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for compendium in queryset:
            self.delete_model(request, compendium)

    @admin.action(description=_("Delete the selected compendia and their files"), permissions=["delete"])
    def delete_selected_compendia(self, request, queryset):
        deleted = 0
        for compendium in queryset:
            try:
                services.delete_compendium(compendium=compendium, by=request.user)
                deleted += 1
            except ActionRefused as error:
                self.message_user(request, f"{compendium}: {error.message}", messages.WARNING)
        self.message_user(
            request,
            ngettext("%(n)d compendium deleted.", "%(n)d compendia deleted.", deleted) % {"n": deleted},
            messages.SUCCESS,
        )
