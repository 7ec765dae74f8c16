"""Informal consultations: the Chair's team's pages, the organisations' registration and written input, the public page."""

import rules
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import permission_required, require
from common.errors import ActionRefused, show_refusal

from .. import consultations as services
from .. import selectors
from ..export import inputs_csv, inputs_docx
from ..forms import ConsultationForm, WrittenInputForm
from ..models import Consultation, Participation, WrittenInput


def _consultation(public_id) -> Consultation:
    return get_object_or_404(Consultation.objects.select_related("sub_item"), public_id=public_id)


@permission_required("stakeholders.view_consultations")
def consultations(request):
    return render(
        request,
        "stakeholders/consultations.html",
        {"consultations": selectors.consultations_for(request.user), "nav": "consultations"},
    )


@permission_required("stakeholders.manage_consultations")
def new_consultation(request):
    form = ConsultationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        questions = data.pop("questions")
        consultation = services.create_consultation(by=request.user, questions=questions, **data)
        messages.success(request, _("Consultation created; the organisations that may take part are invited."))
        return redirect("stakeholders:consultation", public_id=consultation.public_id)
    return render(request, "stakeholders/consultation_form.html", {"form": form, "nav": "consultations"})


def consultation(request, public_id):
    consultation = _consultation(public_id)
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    require(request.user, "stakeholders.view_consultations", consultation)
    organisation_id = request.user.delegation_id
    return render(
        request,
        "stakeholders/consultation.html",
        {
            "consultation": consultation,
            "questions": consultation.questions.all(),
            "registered": bool(organisation_id)
            and Participation.objects.filter(consultation=consultation, organisation_id=organisation_id).exists(),
            "own_input": WrittenInput.objects.filter(consultation=consultation, organisation_id=organisation_id).first()
            if organisation_id
            else None,
            "participants": consultation.participations.select_related("organisation"),
            "input_count": consultation.inputs.count(),
            "nav": "consultations",
        },
    )


@permission_required("stakeholders.take_part")
@require_POST
def register(request, public_id):
    consultation = _consultation(public_id)
    require(request.user, "stakeholders.take_part", consultation)
    try:
        services.register(consultation=consultation, by=request.user)
        messages.success(request, _("Your organisation is registered."))
    except ActionRefused as error:
        show_refusal(request, error)
    return redirect("stakeholders:consultation", public_id=public_id)


@permission_required("stakeholders.take_part")
def written_input(request, public_id):
    consultation = _consultation(public_id)
    require(request.user, "stakeholders.take_part", consultation)
    questions = list(consultation.questions.all())
    existing = WrittenInput.objects.filter(
        consultation=consultation, organisation_id=request.user.delegation_id
    ).first()
    answers = {a.question_id: a.text for a in existing.answers.all()} if existing else {}
    form = WrittenInputForm(request.POST or None, request.FILES or None, questions=questions, answers=answers)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_input(
                consultation=consultation, by=request.user, answers=form.answers(), upload=form.cleaned_data.get("file")
            )
        except ActionRefused as error:
            show_refusal(request, error)
        else:
            messages.success(request, _("Your written input is sent to the Chair's team."))
            return redirect("stakeholders:consultation", public_id=public_id)
    return render(
        request,
        "stakeholders/input_form.html",
        {"consultation": consultation, "form": form, "existing": existing, "nav": "consultations"},
    )


@permission_required("stakeholders.read_inputs")
def inputs(request, public_id):
    consultation = _consultation(public_id)
    query = request.GET.get("q", "")[:200]
    found = list(selectors.inputs_of(consultation, query=query))
    return render(
        request,
        "stakeholders/inputs.html",
        {
            "consultation": consultation,
            "query": query,
            "inputs": found,
            "rows": selectors.side_by_side(consultation, found),
            "files": [written for written in found if written.file],
            "nav": "consultations",
        },
    )


@permission_required("stakeholders.read_inputs")
def export(request, public_id, fmt: str):
    if fmt not in ("csv", "docx"):
        raise Http404
    consultation = _consultation(public_id)
    found = list(selectors.inputs_of(consultation))
    name = slugify(consultation.title)[:60] or "consultation"
    if fmt == "csv":
        response = HttpResponse(inputs_csv(consultation, found), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}-written-inputs.csv"'
        return response
    response = HttpResponse(
        inputs_docx(consultation, selectors.side_by_side(consultation, found)),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}-written-inputs.docx"'
    return response


@permission_required("stakeholders.manage_consultations")
@require_POST
def publish(request, public_id):
    consultation = _consultation(public_id)
    try:
        services.publish_inputs(consultation=consultation, by=request.user)
        messages.success(request, _("The written inputs are published."))
    except ActionRefused as error:
        show_refusal(request, error)
    return redirect("stakeholders:inputs", public_id=public_id)


def input_file(request, public_id):
    """A written input's file: to the Chair's team always, to anyone once the inputs are published."""
    written = get_object_or_404(WrittenInput.objects.select_related("consultation"), public_id=public_id)
    if not written.file or not rules.has_perm("stakeholders.read_input", request.user, written):
        raise Http404
    return FileResponse(written.file.open("rb"), as_attachment=True, filename=written.file_name or "input")


# --- Public --------------------------------------------------------------------------------------


def published(request):
    """Consultations whose written inputs the working group published."""
    return render(
        request,
        "stakeholders/published.html",
        {
            "consultations": Consultation.objects.filter(inputs_published_at__isnull=False).select_related("sub_item"),
            "nav": "stakeholders",
        },
    )


def published_inputs(request, public_id):
    consultation = _consultation(public_id)
    if not rules.has_perm("stakeholders.view_published_inputs", request.user, consultation):
        raise Http404
    query = request.GET.get("q", "")[:200]
    found = selectors.inputs_of(consultation, query=query)
    return render(
        request,
        "stakeholders/published_inputs.html",
        {
            "consultation": consultation,
            "query": query,
            "inputs": found,
            "questions": consultation.questions.all(),
            "nav": "stakeholders",
        },
    )
