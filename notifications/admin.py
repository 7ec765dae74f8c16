from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import Follow, Message, Preference


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    """Read-only: the outbox is written by events and changed only by sending and resending."""

    list_display = ("created_at", "to_email", "subject", "event", "state", "attempts", "sent_at", "last_error")
    list_filter = ("state", "event", "language")
    search_fields = ("to_email", "subject", "recipient__full_name")
    date_hierarchy = "created_at"
    list_select_related = ("recipient",)
    actions = ["resend"]
    readonly_fields = [field.name for field in Message._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Resend the selected messages"))
    def resend(self, request, queryset):
        count = 0
        for message in queryset:
            services.resend_message(message=message, by=request.user)
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d message queued again.", "%(count)d messages queued again.", count) % {"count": count},
            messages.SUCCESS,
        )


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "delivery")
    list_filter = ("kind", "delivery")
    search_fields = ("user__email", "user__full_name")
    raw_id_fields = ("user",)


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ("user", "agenda_item", "created_at")
    search_fields = ("user__email", "user__full_name")
    raw_id_fields = ("user",)
