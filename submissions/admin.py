"""The submissions, as site administrators see them: to read and to trace, not to edit.

Every change to a submission is a service (submissions.services), which checks the
workflow's rules and writes the history, the audit entry and the notifications.
Editing a row here would skip all of that, so the admin shows submissions read-only.
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import CoSponsorship, Event, Submission, Version


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class VersionInline(ReadOnlyInline):
    model = Version
    fields = ("number", "download", "language", "content_type", "size", "sha256", "note", "uploaded_by", "uploaded_at")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("uploaded_by")

    @admin.display(description=_("file"))
    def download(self, version):
        # Through the portal's download view, which checks who may read the file.
        return format_html(
            '<a href="{}">{}</a>', reverse("submissions:download", args=[version.public_id]), version.original_name
        )


class CoSponsorshipInline(ReadOnlyInline):
    model = CoSponsorship
    fields = ("delegation", "status", "invited_by", "invited_at", "responded_by", "responded_at")
    verbose_name = _("co-sponsor")
    verbose_name_plural = _("co-sponsors")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("delegation", "invited_by", "responded_by")


class EventInline(ReadOnlyInline):
    model = Event
    fields = ("at", "message", "actor", "comment", "internal")
    verbose_name = _("history event")
    verbose_name_plural = _("history")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")

    @admin.display(description=_("event"))
    def message(self, event):
        return event.message


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ("reference", "title", "delegation", "session", "kind", "status", "submitted_at")
    list_display_links = ("reference", "title")
    list_filter = ("status", "session", "kind", "original_language")
    list_select_related = ("delegation", "session")
    search_fields = ("reference", "title", "delegation__name", "delegation__short_name")
    date_hierarchy = "submitted_at"
    fieldsets = (
        (None, {"fields": ("reference", "title", "kind", "summary", "status")}),
        (_("Where it belongs"), {"fields": ("delegation", "session", "sub_item_list", "original_language")}),
        (
            _("Dates"),
            {
                "fields": (
                    "created_by",
                    "created_at",
                    "submitted_by",
                    "submitted_at",
                    "withdrawn_by",
                    "withdrawn_at",
                    "withdrawal_reason",
                    "updated_at",
                )
            },
        ),
        (_("Identifiers"), {"fields": ("public_id", "version_count"), "classes": ("collapse",)}),
    )
    inlines = [VersionInline, CoSponsorshipInline, EventInline]

    def get_readonly_fields(self, request, obj=None):
        return [name for _title, options in self.fieldsets for name in options["fields"]]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("sub_items")

    @admin.display(description=_("agenda sub-items"))
    def sub_item_list(self, submission):
        return ", ".join(str(item) for item in submission.sub_items.all())

    # Creating, changing and deleting go through the portal's pages and services.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
