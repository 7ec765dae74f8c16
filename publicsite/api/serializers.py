"""What the API says of a published paper: public facts only, never people, notes or unpublished files."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from agenda.models import AgendaItem, Session
from delegations.models import Delegation

from ..references import slug_for


class DelegationRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Delegation
        fields = ["id", "name"]


class SessionRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Session
        fields = ["id", "title"]


class PaperSerializer(serializers.Serializer):
    reference = serializers.CharField(source="publication.reference", help_text="The portal reference.")
    un_symbol = serializers.CharField(source="publication.un_symbol", help_text="Empty unless an official document.")
    title = serializers.CharField()
    kind = serializers.CharField()
    summary = serializers.CharField()
    published_at = serializers.DateTimeField(source="publication.published_at")
    session = SessionRefSerializer()
    sub_items = serializers.SerializerMethodField()
    delegation = DelegationRefSerializer(help_text="The submitting delegation.")
    cosponsors = serializers.SerializerMethodField()
    languages = serializers.SerializerMethodField(help_text="Languages it is published in (ar, zh, en, fr, ru, es).")
    url = serializers.SerializerMethodField(help_text="Its public page.")
    api_url = serializers.SerializerMethodField()

    def _absolute(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    def get_sub_items(self, paper) -> list[str]:
        return [item.code for item in paper.sub_items.all()]

    def get_cosponsors(self, paper) -> list[dict]:
        return [{"id": c.delegation.pk, "name": c.delegation.name} for c in paper.public_cosponsors]

    def get_languages(self, paper) -> list[str]:
        return sorted({v.language for v in paper.publication.public_versions})

    def get_url(self, paper) -> str:
        return self._absolute(reverse("publicsite:paper", args=[slug_for(paper.publication.reference)]))

    def get_api_url(self, paper) -> str:
        return self._absolute(reverse("publicsite:api:paper", args=[slug_for(paper.publication.reference)]))


class PublishedFileSerializer(serializers.Serializer):
    language = serializers.CharField()
    revision = serializers.IntegerField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    download_url = serializers.CharField()
    text_url = serializers.CharField()


class PaperDetailSerializer(PaperSerializer):
    files = serializers.SerializerMethodField()

    @extend_schema_field(PublishedFileSerializer(many=True))
    def get_files(self, paper) -> list[dict]:
        slug = slug_for(paper.publication.reference)
        return [
            {
                "language": v.language,
                "revision": v.revision,
                "content_type": v.content_type,
                "size": v.size,
                "download_url": self._absolute(reverse("publicsite:paper_download", args=[slug, v.language])),
                "text_url": self._absolute(reverse("publicsite:paper_text", args=[slug, v.language])),
            }
            for v in sorted(paper.publication.public_versions, key=lambda v: v.language)
        ]


class SessionSerializer(serializers.ModelSerializer):
    paper_count = serializers.IntegerField(help_text="Published papers of this session.")

    class Meta:
        model = Session
        fields = ["id", "number", "title", "start_date", "end_date", "submission_deadline", "paper_count"]


class AgendaItemSerializer(serializers.ModelSerializer):
    parent = serializers.CharField(source="parent.code", default=None, help_text="The item of a sub-item.")
    paper_count = serializers.IntegerField(help_text="Published papers on this sub-item.")

    class Meta:
        model = AgendaItem
        fields = ["id", "code", "title", "parent", "paper_count"]


class DelegationSerializer(serializers.ModelSerializer):
    submitted = serializers.IntegerField(help_text="Published papers it submitted.")
    cosponsored = serializers.IntegerField(help_text="Published papers it co-sponsors.")

    class Meta:
        model = Delegation
        fields = ["id", "name", "short_name", "kind", "iso3", "submitted", "cosponsored"]
