"""Accreditation pages: the public form and list, the Secretariat's applications and rounds, the circulated list."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import permission_required, require
from common.errors import ActionRefused, show_refusal

from .. import selectors, services
from ..forms import ApplicationForm, EcosocDecisionForm, ObjectionForm, RoundForm, WithdrawForm
from ..models import Application, Round


def _close_due() -> None:
    # An ended period's outcome does not wait for the beat: the first request after it closes the round.
    services.close_due_rounds()


# --- Public --------------------------------------------------------------------------------------


def apply(request):
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "consent"}
        application = services.apply(**data)
        token = services.confirmation_token(application)
        link = request.build_absolute_uri(f"{reverse('stakeholders:confirm')}?{urlencode({'token': token})}")
        if not services.send_confirmation(application, link=link):
            messages.error(
                request,
                _("The confirmation link could not be sent just now. Please apply again in a few minutes."),
            )
            return render(request, "stakeholders/apply.html", {"form": form, "nav": "stakeholders"})
        return redirect("stakeholders:apply_sent")
    return render(request, "stakeholders/apply.html", {"form": form, "nav": "stakeholders"})


def apply_sent(request):
    return render(request, "stakeholders/apply_sent.html", {"nav": "stakeholders"})


def confirm(request):
    """A GET only shows the button: mail scanners that open links must not confirm for the applicant."""
    token = (request.POST.get("token") or request.GET.get("token") or "")[:200]
    if request.method == "POST":
        try:
            application = services.confirm_email(token=token)
        except ActionRefused as error:
            return render(request, "stakeholders/confirm.html", {"error": error.message}, status=400)
        return render(request, "stakeholders/confirm.html", {"confirmed": application})
    return render(request, "stakeholders/confirm.html", {"token": token})


def accredited(request):
    _close_due()
    return render(
        request,
        "stakeholders/accredited.html",
        {
            "organisations": selectors.accredited_organisations(),
            "objections": selectors.published_objections(),
            "nav": "stakeholders",
        },
    )


# --- The Secretariat -----------------------------------------------------------------------------


@permission_required("stakeholders.view_applications")
def applications(request):
    _close_due()
    status = request.GET.get("status", "")
    if status not in Application.Status.values:
        status = ""
    page = Paginator(selectors.applications_for_secretariat(status), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "stakeholders/applications.html",
        {
            "page": page,
            "status": status,
            "status_query": f"status={status}" if status else "",
            "statuses": Application.Status.choices,
            "waiting": services.waiting_for_round().count(),
            "rounds": Round.objects.all()[:20],
            "nav": "accreditation",
        },
    )


@permission_required("stakeholders.view_applications")
def application(request, public_id):
    _close_due()
    application = get_object_or_404(Application.objects.select_related("country", "round"), public_id=public_id)
    return render(
        request,
        "stakeholders/application.html",
        {
            "application": application,
            "objections": application.objections.select_related("delegation", "objected_by"),
            "history": selectors.history(application),
            # The organisation's people once accredited (the contact is its focal point).
            "people": application.organisation.members.filter(is_active=True) if application.organisation else [],
            "decision_form": EcosocDecisionForm(),
            "withdraw_form": WithdrawForm(),
            "nav": "accreditation",
        },
    )


@permission_required("stakeholders.manage_accreditation")
@require_POST
def decide(request, public_id):
    application = get_object_or_404(Application, public_id=public_id)
    form = EcosocDecisionForm(request.POST)
    if form.is_valid():
        try:
            services.decide_ecosoc(
                application=application,
                by=request.user,
                accredit=form.cleaned_data["decision"] == "accredit",
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("Decision recorded; the applicant is told."))
        except ActionRefused as error:
            show_refusal(request, error)
    else:
        messages.error(request, _("Choose a decision."))
    return redirect("stakeholders:application", public_id=public_id)


@permission_required("stakeholders.manage_accreditation")
@require_POST
def withdraw(request, public_id):
    application = get_object_or_404(Application, public_id=public_id)
    form = WithdrawForm(request.POST)
    form.is_valid()
    try:
        services.withdraw(application=application, by=request.user, reason=form.cleaned_data.get("reason", ""))
        messages.success(request, _("Application withdrawn; the applicant is told."))
    except ActionRefused as error:
        show_refusal(request, error)
    return redirect("stakeholders:application", public_id=public_id)


@permission_required("stakeholders.manage_accreditation")
def new_round(request):
    waiting = services.waiting_for_round().order_by("name")
    form = RoundForm(request.POST or None, waiting=waiting)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.open_round(by=request.user, **form.cleaned_data)
        except ActionRefused as error:
            show_refusal(request, error)
        else:
            messages.success(request, _("The list is circulated to States; the applicants are told."))
            return redirect("stakeholders:round", pk=round_.pk)
    return render(request, "stakeholders/round_form.html", {"form": form, "nav": "accreditation"})


@permission_required("stakeholders.view_applications")
def round_detail(request, pk: int):
    _close_due()
    round_ = get_object_or_404(Round, pk=pk)
    applications = round_.applications.select_related("country").prefetch_related("objections__delegation")
    return render(
        request, "stakeholders/round.html", {"round": round_, "applications": applications, "nav": "accreditation"}
    )


# --- Delegations ---------------------------------------------------------------------------------


@permission_required("stakeholders.view_circulated_list")
def circulated(request):
    _close_due()
    return render(
        request,
        "stakeholders/circulated.html",
        {"rounds": selectors.circulated_for(request.user), "form": ObjectionForm(), "nav": "circulated"},
    )


@permission_required("stakeholders.object_to_application")
@require_POST
def object_to(request, public_id):
    _close_due()
    application = get_object_or_404(Application.objects.select_related("round"), public_id=public_id)
    require(request.user, "stakeholders.view_circulated_list")
    form = ObjectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The basis is too long."))
        return redirect("stakeholders:circulated")
    try:
        services.object_to(application=application, by=request.user, basis=form.cleaned_data["basis"])
        messages.success(
            request, _("Your delegation's objection to %(name)s is recorded.") % {"name": application.name}
        )
    except ActionRefused as error:
        show_refusal(request, error)
    return redirect("stakeholders:circulated")
