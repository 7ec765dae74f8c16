from django.contrib import admin

from .models import Application, Consultation, Objection, Round, WrittenInput


# Read-only: every change goes through the services, which audit and notify it.
class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(ReadOnly):
    list_display = ["name", "country", "has_ecosoc_status", "status", "round", "created_at"]
    list_filter = ["status", "has_ecosoc_status", "kind"]
    search_fields = ["name", "contact_email"]


@admin.register(Round)
class RoundAdmin(ReadOnly):
    list_display = ["title", "status", "visibility", "opened_at", "closes_at"]


@admin.register(Objection)
class ObjectionAdmin(ReadOnly):
    list_display = ["application", "delegation", "objected_at"]


@admin.register(Consultation)
class ConsultationAdmin(ReadOnly):
    list_display = ["title", "sub_item", "held_at", "deadline", "inputs_published_at"]


@admin.register(WrittenInput)
class WrittenInputAdmin(ReadOnly):
    list_display = ["organisation", "consultation", "submitted_at"]
