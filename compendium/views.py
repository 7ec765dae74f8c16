"""The compendium pages: choose and start, follow the progress, tick proposals, download, delete."""

from django.contrib import messages
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.decorators import permission_required, require
from common.errors import ActionRefused, show_refusal

from . import selectors, services
from .building import FILES_STEP
from .forms import CompendiumForm, ticked_ids
from .models import Compendium

FILE_KINDS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
}


@permission_required("compendium.view_compendium")
def compendium_list(request):
    """Every draft kept, newest first, and the form that starts the next one."""
    if request.method == "POST":
        require(request.user, "compendium.build_compendium")
        form = CompendiumForm(request.POST)
        if form.is_valid():
            choices = form.choices()
            choices["interface_language"] = get_language()
            try:
                compendium = services.start_compendium(
                    by=request.user, choices=choices, title=form.cleaned_data["title"]
                )
            except ActionRefused as error:
                form.add_error(None, error.message)
            else:
                return redirect("compendium:detail", pk=compendium.pk)
    else:
        earlier = request.GET.get("from", "")
        initial = {}
        if earlier.isdigit() and len(earlier) < 18:
            source = Compendium.objects.filter(pk=int(earlier)).first()
            if source is not None:
                initial = CompendiumForm.initial_from(source.choices)
        form = CompendiumForm(initial=initial)
    return render(
        request,
        "compendium/list.html",
        {"form": form, "compendia": selectors.compendia_for(request.user), "nav": "review"},
    )


def _status(compendium: Compendium) -> dict:
    if compendium.current_step == FILES_STEP:
        step = _("Writing the Word document, the PDF and the CSV")
    elif compendium.current_step:
        step = _("Reading the papers of sub-item %(code)s") % {"code": compendium.current_step}
    else:
        step = ""
    return {
        "state": compendium.state,
        "state_label": str(compendium.get_state_display()),
        "progress": compendium.progress,
        "steps_done": compendium.steps_done,
        "steps_total": compendium.steps_total,
        "step": step,
        "running": compendium.is_running,
        "failure_reason": compendium.failure_reason,
    }


@permission_required("compendium.view_compendium")
@require_safe
def detail(request, pk: int):
    compendium = get_object_or_404(Compendium.objects.select_related("created_by"), pk=pk)
    ready = compendium.state == Compendium.State.READY
    return render(
        request,
        "compendium/detail.html",
        {
            "compendium": compendium,
            "status": _status(compendium),
            "proposals": selectors.proposal_page(compendium, request.GET.get("sub_item"), request.GET.get("page")),
            "sub_items": selectors.sub_items_of(compendium),
            "ready": ready,
            "nav": "review",
        },
    )


@permission_required("compendium.view_compendium")
@require_safe
def status(request, pk: int):
    """What the progress bar polls."""
    compendium = get_object_or_404(Compendium, pk=pk)
    return JsonResponse(_status(compendium))


def _act(request, pk: int, action, success: str):
    compendium = get_object_or_404(Compendium, pk=pk)
    try:
        action(compendium)
    except ActionRefused as error:
        show_refusal(request, error)
    else:
        messages.success(request, success)
    return redirect("compendium:detail", pk=compendium.pk)


@permission_required("compendium.change_compendium")
@require_POST
def cancel(request, pk: int):
    return _act(
        request,
        pk,
        lambda c: services.cancel_compendium(compendium=c, by=request.user),
        _("The build stops after the sub-item it is reading."),
    )


@permission_required("compendium.change_compendium")
@require_POST
def choose_proposals(request, pk: int):
    compendium = get_object_or_404(Compendium, pk=pk)
    page = selectors.proposal_page(compendium, request.POST.get("sub_item"), request.POST.get("page"))
    shown = {proposal.pk for entry in page["papers"] for proposal in entry["proposals"]}
    try:
        services.choose_proposals(
            compendium=compendium, by=request.user, included=ticked_ids(request.POST.getlist("included")), shown=shown
        )
    except ActionRefused as error:
        show_refusal(request, error)
    else:
        messages.success(request, _("Your choice of proposals on this page is kept."))
    query = f"?sub_item={page['sub_item'].pk}&page={page['page'].number}" if page["sub_item"] else ""
    return redirect(reverse("compendium:detail", args=[compendium.pk]) + query + "#proposals-heading")


@permission_required("compendium.change_compendium")
@require_POST
def write_documents(request, pk: int):
    return _act(
        request,
        pk,
        lambda c: services.write_documents(compendium=c, by=request.user),
        _("The documents are being written again with the ticked proposals."),
    )


@permission_required("compendium.delete_compendium")
@require_POST
def delete(request, pk: int):
    compendium = get_object_or_404(Compendium, pk=pk)
    try:
        services.delete_compendium(compendium=compendium, by=request.user)
    except ActionRefused as error:
        show_refusal(request, error)
        return redirect("compendium:detail", pk=pk)
    messages.success(request, _("The compendium and its files are deleted."))
    return redirect(reverse("compendium:list"))


@permission_required("compendium.view_compendium")
@require_safe
def download(request, pk: int, kind: str):
    compendium = get_object_or_404(Compendium, pk=pk)
    field = getattr(compendium, kind, None) if kind in FILE_KINDS else None
    if compendium.state != Compendium.State.READY or not field:
        raise Http404
    stamp = compendium.finished_at.strftime("%Y-%m-%d") if compendium.finished_at else ""
    return FileResponse(
        field.open("rb"),
        as_attachment=True,
        filename=f"compendium-{compendium.pk}-{stamp}.{kind}",
        content_type=FILE_KINDS[kind],
    )
