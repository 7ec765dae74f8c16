from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.decorators import permission_required

from . import selectors, services
from .forms import OutboxFilterForm, PreferencesForm
from .models import Message

PAGE_SIZE = 50


@login_required
def message_list(request):
    page = Paginator(selectors.messages_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/message_list.html", {"page": page, "nav": "messages"})


@login_required
def message_detail(request, public_id):
    message = selectors.message_for(request.user, public_id)
    if message is None:
        raise Http404
    return render(request, "notifications/message_detail.html", {"message": message})


@login_required
def preferences(request):
    user = request.user
    form = PreferencesForm(
        request.POST or None,
        kinds=selectors.preferences_for(user),
        items=selectors.followable_items(),
        followed=selectors.followed_item_ids(user),
    )
    if request.method == "POST" and form.is_valid():
        services.update_preferences(
            user=user, deliveries=form.deliveries(), followed_items=form.cleaned_data["followed"]
        )
        flash.success(request, _("Your notification preferences are saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form, "nav": "preferences"})


@permission_required("notifications.view_outbox")
def outbox(request):
    filters = OutboxFilterForm(request.GET or None)
    state = query = ""
    if filters.is_valid():
        state, query = filters.cleaned_data["state"], filters.cleaned_data["q"]
    page = Paginator(selectors.outbox(state=state, query=query), PAGE_SIZE).get_page(request.GET.get("page"))
    counts = selectors.outbox_counts()
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "notifications/outbox.html",
        {
            "page": page,
            "filters": filters,
            "counts": counts,
            "state_tabs": [(value, label, counts.get(value, 0)) for value, label in Message.State.choices],
            "query_string": params.urlencode(),
            "nav": "outbox",
        },
    )


def _back_to_outbox(request) -> str:
    """The outbox page the button was on (its filters kept), never another site."""
    outbox_url = reverse("notifications:outbox")
    back = request.POST.get("next", "")
    return back if back.startswith(outbox_url + "?") else outbox_url


@permission_required("notifications.resend_message")
@require_POST
def resend(request, public_id):
    message = Message.objects.filter(public_id=public_id).first()
    if message is None:
        raise Http404
    services.resend_message(message=message, by=request.user)
    flash.success(request, _("The message to %(address)s is queued again.") % {"address": message.to_email})
    return redirect(_back_to_outbox(request))


@permission_required("notifications.resend_message")
@require_POST
def resend_failed(request):
    count = services.resend_failed(by=request.user)
    flash.success(
        request,
        ngettext("%(count)d failed message is queued again.", "%(count)d failed messages are queued again.", count)
        % {"count": count},
    )
    return redirect("notifications:outbox")
