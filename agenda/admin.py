from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from common.translations import translation_fieldset, translations_form

from . import services
from .models import AgendaItem, Body, DeadlineExtension, Session


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    form = translations_form(Body, "name", "short_name")
    fieldsets = (
        (None, {"fields": ("name", "short_name", "symbol_prefix", "reference_pattern", "is_current")}),
        translation_fieldset("name", "short_name"),
    )
    list_display = ("short_name", "name", "symbol_prefix", "reference_pattern", "is_current")
    list_filter = ("is_current",)
    search_fields = ("name", "short_name")


class DeadlineExtensionInline(admin.TabularInline):
    model = DeadlineExtension
    fields = ("delegation", "deadline", "reason", "granted_by", "granted_at")
    readonly_fields = ("granted_by", "granted_at")
    autocomplete_fields = ("delegation",)
    extra = 0


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    form = translations_form(Session, "title", "notes")
    fieldsets = (
        (None, {"fields": ("body", "number", "title", "start_date", "end_date", "submission_deadline", "notes")}),
        translation_fieldset("title", "notes"),
    )
    list_display = ("title", "number", "start_date", "end_date", "submission_deadline", "body")
    list_filter = ("body",)
    list_select_related = ("body",)
    search_fields = ("title", "notes")
    date_hierarchy = "start_date"
    inlines = [DeadlineExtensionInline]

    def save_model(self, request, obj, form, change):
        """A changed deadline goes through the service, which records who changed it and from what."""
        if not (change and "submission_deadline" in form.changed_data):
            return super().save_model(request, obj, form, change)
        deadline = obj.submission_deadline
        obj.submission_deadline = Session.objects.values_list("submission_deadline", flat=True).get(pk=obj.pk)
        super().save_model(request, obj, form, change)
        services.set_deadline(session=obj, deadline=deadline, by=request.user)

    def save_formset(self, request, form, formset, change):
        """Record who granted each extension, in the audit log as well as on the row."""
        if formset.model is not DeadlineExtension:
            return super().save_formset(request, form, formset, change)
        extensions = formset.save(commit=False)
        for extension in formset.deleted_objects:
            services.revoke_extension(extension=extension, by=request.user)
        moved = {extension.pk for extension, fields in formset.changed_objects if "delegation" in fields}
        for extension in extensions:
            try:
                services.grant_extension(
                    session=extension.session,
                    delegation=extension.delegation,
                    deadline=extension.deadline,
                    reason=extension.reason,
                    by=request.user,
                )
            except services.DeadlineError as error:
                messages.error(request, f"{extension.delegation}: {error}")
                continue
            if extension.pk in moved:
                # The row given to another delegation: the one it named before loses its extension.
                previous = DeadlineExtension.objects.select_related("session", "delegation").get(pk=extension.pk)
                services.revoke_extension(extension=previous, by=request.user)
        formset.save_m2m()


class SubItemInline(admin.TabularInline):
    model = AgendaItem
    form = translations_form(AgendaItem, "title")
    fk_name = "parent"
    fields = ("code", "title", *translation_fieldset("title")[1]["fields"], "order")
    extra = 0
    verbose_name = _("sub-item")
    verbose_name_plural = _("sub-items")


@admin.register(AgendaItem)
class AgendaItemAdmin(admin.ModelAdmin):
    form = translations_form(AgendaItem, "title")
    fieldsets = (
        (None, {"fields": ("body", "parent", "code", "title", "order")}),
        translation_fieldset("title"),
    )
    list_display = ("code", "title", "parent", "order", "body")
    list_filter = ("body", ("parent", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("body", "parent")
    search_fields = ("code", "title")
    ordering = ("body", "order")
    inlines = [SubItemInline]

    def get_inlines(self, request, obj):
        # Sub-items have no sub-items of their own.
        return self.inlines if obj is None or obj.parent_id is None else []
