"""Views declare the permission they need; one place turns a refusal into the login page or a 403."""

import functools

import rules
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from .refusals import reason_for


def require(user, perm: str, obj=None) -> None:
    """Raise PermissionDenied unless the rules grant ``perm`` (on ``obj``) to this person; its message
    says who may (accounts/refusals.py), and the 403 page shows it."""
    if not rules.has_perm(perm, user, obj):
        reason = reason_for(perm)
        raise PermissionDenied(reason) if reason else PermissionDenied


def permission_required(perm: str):
    """Anonymous people go to the login page; anyone logged in whom the rule refuses gets 403.

    For permissions that need no object (the object rules are asked in the view once the object is
    loaded, with ``require``). Put it outermost (above require_POST and friends), so that a refused
    person learns nothing about a URL, not even which methods it accepts.
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            require(request.user, perm)
            return view(request, *args, **kwargs)

        wrapped.permission_required = perm
        return wrapped

    return decorator
