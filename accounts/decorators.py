"""Who reaches a view, by role: one place for every app's views."""

import functools
from collections.abc import Callable

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def role_required(allowed: Callable) -> Callable:
    """Anonymous people go to the login page; anyone logged in whom `allowed(user)` refuses gets 403.

    Put it outermost (above require_POST and friends), so that a refused person learns nothing
    about a URL, not even which methods it accepts.
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not allowed(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


# Members of a delegation (delegates and focal points).
delegate_required = role_required(lambda user: user.is_delegate)
# The Chair's team, the Secretariat and site administrators.
reviewer_required = role_required(lambda user: user.is_reviewer)
# The Secretariat's own actions (and site administrators).
secretariat_required = role_required(lambda user: user.is_secretariat)
