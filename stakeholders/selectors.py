"""Reads that several pages need, already limited to what the person may see."""

import rules
from django.db.models import Count, Prefetch, Q

from audit.models import AuditEntry

from .models import Application, Consultation, Objection, Round, WrittenInput


def accredited_organisations():
    """The public list: accredited organisations, name and country only."""
    return (
        Application.objects.filter(status=Application.Status.ACCREDITED)
        .select_related("country", "organisation")
        .order_by("name")
        .only("name", "country__name", "country__name_i18n", "decided_at", "organisation__name")
    )


def published_objections():
    """Objections of rounds that publish them, with the objecting State's name."""
    return (
        Objection.objects.filter(application__round__visibility=Round.Visibility.PUBLIC)
        .select_related("delegation", "application", "application__country", "application__round")
        .order_by("-application__round__opened_at", "application__name", "delegation__name")
    )


def applications_for_secretariat(status: str = ""):
    qs = (
        Application.objects.select_related("country", "round")
        .annotate(objection_count=Count("objections"))
        .order_by("-created_at", "pk")
    )
    if status:
        qs = qs.filter(status=status)
    return qs.exclude(status=Application.Status.UNCONFIRMED) if not status else qs


def history(application: Application):
    """Every audited step of an application, oldest first."""
    return (
        AuditEntry.objects.filter(object_type="stakeholders.application", object_id=str(application.pk))
        .select_related("actor")
        .order_by("at", "pk")
    )


def circulated_for(user):
    """The open rounds' applicants for a delegation, each with the objections the round lets it see."""
    rounds = list(Round.objects.filter(status=Round.Status.OPEN).order_by("closes_at"))
    result = []
    for round_ in rounds:
        sees_all = rules.has_perm("stakeholders.view_objections", user, round_)
        mine = Q(delegation_id=user.delegation_id) if user.delegation_id else Q(pk__in=[])
        objections = Objection.objects.select_related("delegation").filter(Q() if sees_all else mine)
        applications = (
            round_.applications.filter(status=Application.Status.CIRCULATED)
            .select_related("country")
            .prefetch_related(Prefetch("objections", queryset=objections, to_attr="visible_objections"))
            .order_by("name")
        )
        for application in applications:
            application.objected_by_mine = any(
                o.delegation_id == user.delegation_id for o in application.visible_objections
            )
        result.append((round_, sees_all, list(applications)))
    return result


def consultations_for(user):
    qs = Consultation.objects.select_related("sub_item").annotate(input_count=Count("inputs"))
    if rules.has_perm("stakeholders.manage_consultations", user):
        return qs
    return [c for c in qs if rules.has_perm("stakeholders.view_consultations", user, c)]


def inputs_of(consultation: Consultation, *, query: str = ""):
    qs = (
        WrittenInput.objects.filter(consultation=consultation)
        .select_related("organisation", "organisation__accreditation__country")
        .prefetch_related("answers")
        .order_by("organisation__name")
    )
    for word in query.lower().split()[:10]:
        qs = qs.filter(search_text__contains=word)
    return qs


def side_by_side(consultation: Consultation, inputs) -> list[tuple]:
    """(question, [(input, answer text)…]) for every guiding question, in order."""
    inputs = list(inputs)
    rows = []
    for question in consultation.questions.all():
        answers = []
        for written in inputs:
            text = next((a.text for a in written.answers.all() if a.question_id == question.pk), "")
            answers.append((written, text))
        rows.append((question, answers))
    return rows
