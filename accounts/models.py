from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)

    # The people who hold a role, as queries (accounts/rules.py holds the same roles as predicates).
    def delegation_members(self, delegation_ids):
        """The active delegates and focal points of these delegations."""
        return self.filter(
            is_active=True,
            delegation_id__in=list(delegation_ids),
            role__in=[self.model.Role.DELEGATE, self.model.Role.FOCAL_POINT],
        )

    def focal_points(self, *, delegation_kinds):
        """The active focal points of the delegations of these kinds."""
        return self.filter(is_active=True, role=self.model.Role.FOCAL_POINT, delegation__kind__in=delegation_kinds)

    def members_of_kinds(self, delegation_kinds):
        """The active delegates and focal points of every delegation of these kinds."""
        return self.filter(
            is_active=True,
            role__in=[self.model.Role.DELEGATE, self.model.Role.FOCAL_POINT],
            delegation__kind__in=delegation_kinds,
        )

    def holding(self, role: str):
        """The active members of the Chair's team, or of the Secretariat (role exactly, administrators aside)."""
        return self.filter(is_active=True, role=role)

    def reviewers(self):
        """The people a paper can be assigned to: the Chair's team, the Secretariat and administrators."""
        return self.filter(
            models.Q(role__in=[self.model.Role.CHAIR_TEAM, self.model.Role.SECRETARIAT]) | models.Q(is_superuser=True),
            is_active=True,
        )

    def get_by_natural_key(self, username):
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})


class User(AbstractUser):
    """A person who logs in with an email address.

    A person belongs to one delegation (as delegate or focal point), or to the
    Chair's team, or to the Secretariat. Site administrators are superusers.
    """

    class Role(models.TextChoices):
        DELEGATE = "delegate", _("Delegate")
        FOCAL_POINT = "focal_point", _("Focal point")
        CHAIR_TEAM = "chair_team", _("Chair's team")
        SECRETARIAT = "secretariat", _("Secretariat")
        NONE = "", _("No role")

    username = None
    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    delegation = models.ForeignKey(
        "delegations.Delegation",
        verbose_name=_("delegation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    preferred_language = models.CharField(
        _("preferred language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    # Empty: the session's zone (settings.TIME_ZONE), where deadlines are set. Checked by the form
    # against the zones the server knows; accounts.middleware activates it on each request.
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True, default="")

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]
    objects = UserManager()

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                name="delegation_role_has_delegation",
                condition=~models.Q(role__in=["delegate", "focal_point"]) | models.Q(delegation__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def is_delegate(self) -> bool:
        return self.role in (self.Role.DELEGATE, self.Role.FOCAL_POINT) and self.delegation_id is not None

    @property
    def is_focal_point(self) -> bool:
        return self.role == self.Role.FOCAL_POINT and self.delegation_id is not None

    @property
    def is_reviewer(self) -> bool:
        """The Chair's team, the Secretariat and site administrators review papers."""
        return self.is_active and (self.role in (self.Role.CHAIR_TEAM, self.Role.SECRETARIAT) or self.is_superuser)

    @property
    def is_secretariat(self) -> bool:
        return self.is_active and (self.role == self.Role.SECRETARIAT or self.is_superuser)
