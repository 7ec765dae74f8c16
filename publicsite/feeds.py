"""Atom feeds of newly published papers: all, per sub-item, per session, per delegation."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from agenda.models import AgendaItem, Session
from delegations.models import Delegation

from . import selectors
from .caching import public
from .references import slug_for

FEED_SIZE = 50


class PublishedPapersFeed(Feed):
    feed_type = Atom1Feed

    def title(self, obj=None):
        return _("OEWG: newly published papers")

    def subtitle(self, obj=None):
        return _("Concept papers, proposals and working papers published by the working group.")

    def link(self, obj=None):
        return reverse("publicsite:papers")

    def papers(self, obj):
        return selectors.published_papers()

    def items(self, obj=None):
        papers = selectors.with_current_publication(self.papers(obj))
        newest = papers.order_by("-publication__published_at", "-pk").values_list("pk", flat=True)
        return selectors.rows(newest[:FEED_SIZE])

    def item_title(self, paper):
        return f"{paper.publication.reference}: {paper.title}"

    def item_description(self, paper):
        return paper.summary

    def item_link(self, paper):
        return reverse("publicsite:paper", args=[slug_for(paper.publication.reference)])

    def item_guid(self, paper):
        return self.item_link(paper)

    def item_pubdate(self, paper):
        return paper.publication.published_at

    def item_updateddate(self, paper):
        return paper.publication.published_at

    def item_author_name(self, paper):
        names = [paper.delegation.localized_name] + [c.delegation.localized_name for c in paper.public_cosponsors]
        return ", ".join(names)

    def item_categories(self, paper):
        return [item.code for item in paper.sub_items.all()]


class SubItemFeed(PublishedPapersFeed):
    def get_object(self, request, pk):
        return get_object_or_404(AgendaItem, pk=pk, parent__isnull=False)

    def title(self, obj=None):
        return _("OEWG: papers published on %(item)s") % {"item": f"{obj.code} {obj.localized_title}"}

    def link(self, obj=None):
        return f"{reverse('publicsite:papers')}?sub_item={obj.pk}"

    def papers(self, obj):
        return selectors.published_papers().filter(sub_items=obj)


class SessionFeed(PublishedPapersFeed):
    def get_object(self, request, pk):
        return get_object_or_404(Session, pk=pk)

    def title(self, obj=None):
        return _("OEWG: papers published for the %(session)s") % {"session": obj.localized_title}

    def link(self, obj=None):
        return f"{reverse('publicsite:papers')}?session={obj.pk}"

    def papers(self, obj):
        return selectors.published_papers().filter(session=obj)


class DelegationFeed(PublishedPapersFeed):
    def get_object(self, request, pk):
        return get_object_or_404(Delegation, pk=pk)

    def title(self, obj=None):
        return _("OEWG: papers of %(delegation)s") % {"delegation": obj.localized_name}

    def link(self, obj=None):
        return reverse("publicsite:delegation", args=[obj.pk])

    def papers(self, obj):
        return selectors.published_papers().filter(selectors.of_delegation(obj))


all_papers = public(PublishedPapersFeed(), shared=True)
sub_item = public(SubItemFeed(), shared=True)
session = public(SessionFeed(), shared=True)
delegation = public(DelegationFeed(), shared=True)
