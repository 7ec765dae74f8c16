from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def next_url(request, default: str, *args) -> str:
    """The page to return to from a posted `next`, if it is a path on this site; else `default`.

    A path only (never a view name, never another host), so that a crafted value can neither
    redirect elsewhere nor be taken for a URL name.
    """
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(default, *args)
