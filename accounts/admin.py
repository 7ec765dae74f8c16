from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from audit.services import audit

from .models import User


class UserCreationForm(AdminUserCreationForm):
    """Email and password, plus who the person is; there is no username."""

    class Meta:
        model = User
        fields = ("email", "full_name", "role", "delegation")
        field_classes = {}

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise self.instance.unique_error_message(User, ["email"])
        return email


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"
        field_classes = {}

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise self.instance.unique_error_message(User, ["email"])
        return email


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserEditForm
    add_form = UserCreationForm
    list_display = ("email", "full_name", "role", "delegation", "is_active", "is_superuser", "last_login")
    list_filter = ("role", "is_active", "is_staff", "is_superuser", ("delegation", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("delegation",)
    search_fields = ("email", "full_name", "delegation__name", "delegation__short_name")
    ordering = ("email",)
    autocomplete_fields = ("delegation",)
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("full_name", "preferred_language")}),
        (
            _("Role"),
            {
                "fields": ("role", "delegation"),
                "description": _(
                    "Delegates and focal points belong to a delegation; the Chair's team and the Secretariat do not."
                ),
            },
        ),
        (
            _("Site administration"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "full_name", "role", "delegation", "usable_password", "password1", "password2"),
            },
        ),
    )
    readonly_fields = ("last_login", "date_joined")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Roles and delegations decide what a person may see: the log keeps who changed them.
        fields = sorted(name for name in form.changed_data if not name.startswith("password"))
        audit(request.user, "user.changed" if change else "user.created", obj, fields=fields)
