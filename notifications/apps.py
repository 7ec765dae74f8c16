from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications"

    def ready(self):
        from common.kept import register

        # notifications.events.staff and notifications.selectors.followed_sub_items
        register("notifications.staff", "accounts.User", "delegations.Delegation")
        register("notifications.followed-sub-items", "notifications.Follow")
