"""Who reaches the dashboard: the Chair's team, the Secretariat and site administrators."""

import functools

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def reviewer_required(view):
    """Anonymous people go to the login page; anyone logged in who is not a reviewer gets 403.

    Put it outermost (above require_POST and friends), so that a delegate learns nothing
    about a URL, not even which methods it accepts.
    """

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_reviewer:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def secretariat_required(view):
    """As reviewer_required, for the Secretariat's own actions (and site administrators)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_secretariat:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
