"""The read-only JSON API of published papers. Every answer starts from published_papers()."""

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from agenda.models import AgendaItem, Session
from submissions.models import Submission

from .. import search, selectors
from ..caching import public, version
from ..forms import PaperFilterForm
from . import serializers

FILTER_PARAMETERS = [
    OpenApiParameter("q", str, description='Words (all required) or a "quoted phrase" in the published text.'),
    OpenApiParameter("session", int, description="Session id (see /api/v1/sessions/)."),
    OpenApiParameter("sub_item", int, description="Agenda sub-item id (see /api/v1/agenda-items/)."),
    OpenApiParameter("kind", str, enum=Submission.Kind.values),
    OpenApiParameter("delegation", int, description="Submitting delegation id."),
    OpenApiParameter("cosponsor", int, description="Co-sponsoring delegation id."),
    OpenApiParameter("language", str, enum=["ar", "zh", "en", "fr", "ru", "es"]),
    OpenApiParameter("published_from", OpenApiTypes.DATE),
    OpenApiParameter("published_to", OpenApiTypes.DATE),
    OpenApiParameter("sort", str, enum=["newest", "oldest", "title", "reference"]),
]


class PaperList(generics.ListAPIView):
    """Published papers, newest first; with `q`, ranked by how well their published text matches."""

    serializer_class = serializers.PaperSerializer

    def filters(self) -> dict:
        return PaperFilterForm(self.request.query_params or None).filters

    def get_queryset(self):
        filters = self.filters()
        return selectors.paper_list(filters, sort=filters.get("sort", "newest"), version=version(self.request))

    def paginate_queryset(self, queryset):
        # The page's ids, then the page's papers (see selectors.paper_list).
        return selectors.rows(super().paginate_queryset(queryset))

    @extend_schema(parameters=FILTER_PARAMETERS)
    def get(self, request, *args, **kwargs):
        filters = self.filters()
        if not filters.get("q"):
            return super().get(request, *args, **kwargs)
        # A search: ranked hits, one per paper, in the same envelope as the list.
        paginator = self.paginator
        size = paginator.get_page_size(request) or paginator.page_size
        try:
            number = max(1, int(request.query_params.get("page", 1)))
        except ValueError:
            number = 1
        papers = selectors.apply_filters(selectors.published_papers(), filters)
        results = search.search_papers(
            filters["q"], papers, limit=size, offset=(number - 1) * size, version=version(request)
        )
        data = self.get_serializer([hit.paper for hit in results.hits], many=True).data
        url = request.build_absolute_uri()
        last = -(-min(results.ranked, search.index.COUNT_CAP) // size)
        return Response(
            {
                "count": results.total,
                "next": replace_query_param(url, "page", number + 1) if number < last else None,
                "previous": replace_query_param(url, "page", number - 1) if number > 1 else None,
                "results": data,
            }
        )


class PaperDetail(generics.RetrieveAPIView):
    """One published paper, with a link to each published language's file and text."""

    serializer_class = serializers.PaperDetailSerializer
    lookup_url_kwarg = "slug"

    def get_object(self):
        paper = selectors.paper_by_slug(self.kwargs["slug"], self.request.user, version=version(self.request))
        if paper is None:
            raise Http404
        return paper


class SessionList(generics.ListAPIView):
    serializer_class = serializers.SessionSerializer

    def get_queryset(self):
        counts = selectors.published_counts(version(self.request)).by_session
        sessions = list(Session.objects.filter(body__is_current=True).order_by("-start_date"))
        for session in sessions:
            session.paper_count = counts.get(session.pk, 0)
        return sessions


class AgendaItemList(generics.ListAPIView):
    serializer_class = serializers.AgendaItemSerializer

    def get_queryset(self):
        counts = selectors.published_counts(version(self.request)).by_sub_item
        items = list(AgendaItem.objects.filter(body__is_current=True).select_related("parent").order_by("order"))
        for item in items:
            item.paper_count = counts.get(item.pk, 0)
        return items


class DelegationList(generics.ListAPIView):
    """Delegations with at least one published paper, submitted or co-sponsored."""

    serializer_class = serializers.DelegationSerializer

    def get_queryset(self):
        return selectors.delegations_with_papers(version=version(self.request))


papers = public(PaperList.as_view(), shared=True)
paper = public(PaperDetail.as_view(), shared=True)
sessions = public(SessionList.as_view(), shared=True)
agenda_items = public(AgendaItemList.as_view(), shared=True)
delegations = public(DelegationList.as_view(), shared=True)
