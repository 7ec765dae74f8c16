from django.contrib import admin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The log can be read, never written: no add, change or delete, even for superusers."""

    list_display = ("at", "actor", "action", "object_type", "object_repr")
    list_filter = ("action", ("actor", admin.RelatedOnlyFieldListFilter), "at", "object_type")
    list_select_related = ("actor",)
    search_fields = ("object_repr", "object_id", "actor__email", "actor__full_name", "action")
    date_hierarchy = "at"
    fields = ("at", "actor", "action", "object_type", "object_id", "object_repr", "data")
    readonly_fields = fields
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
