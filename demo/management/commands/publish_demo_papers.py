"""Publish two demo papers with French and Spanish translations, so a fresh portal has a public face.

Run by `make run` after `seed_demo`; does nothing for a paper already published or absent. It goes
through the services, as the Secretariat and the delegation would: the decision, the translations
(each a language version of revision 1) and the publication.
"""

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import transaction

from review import publishing, workflow
from submissions import services
from submissions.models import Submission

# Our own short translations of the demo papers' opening, not texts of the delegations.
TRANSLATIONS = {
    "Working paper on Global Cyber Security Cooperation Portal": {
        "fr": (
            "Document de travail sur un portail mondial de coopération en matière de cybersécurité\n\n"
            "Les États disent souvent au groupe de travail que la coopération en matière de sécurité des TIC "
            "manque moins de bonne volonté que d'information. Ce document propose un portail unique des "
            "Nations Unies où les États trouvent des partenaires, demandent ou offrent un renforcement des "
            "capacités et joignent le bon point de contact national lors d'un incident."
        ),
        "es": (
            "Documento de trabajo sobre un portal mundial de cooperación en ciberseguridad\n\n"
            "Los Estados dicen a menudo al grupo de trabajo que a la cooperación en seguridad de las TIC le "
            "falta menos buena voluntad que información. Este documento propone un portal único de las "
            "Naciones Unidas donde los Estados encuentren socios, soliciten u ofrezcan creación de capacidad "
            "y lleguen al punto de contacto nacional adecuado durante un incidente."
        ),
    },
    "Updated draft working paper on the establishment of a threat repository within the United Nations": {
        "fr": (
            "Projet de document de travail actualisé sur la création d'un répertoire des menaces au sein des "
            "Nations Unies\n\nUn répertoire commun des menaces existantes et potentielles aiderait les États à "
            "partager ce qu'ils observent, dans le respect de leurs législations nationales."
        ),
        "es": (
            "Proyecto actualizado de documento de trabajo sobre la creación de un repositorio de amenazas en "
            "las Naciones Unidas\n\nUn repositorio común de amenazas existentes y potenciales ayudaría a los "
            "Estados a compartir lo que observan, respetando sus legislaciones nacionales."
        ),
    },
}


class Command(BaseCommand):
    help = "Publish the demo papers that have translations here (idempotent)."

    def handle(self, *args, **options):
        users = get_user_model()
        secretariat = users.objects.filter(role=users.Role.SECRETARIAT, is_active=True).order_by("pk").first()
        if secretariat is None:
            self.stdout.write("No Secretariat account: nothing published.")
            return
        for title, texts in TRANSLATIONS.items():
            paper = Submission.objects.filter(title=title).select_related("delegation").first()
            if paper is None or paper.status == Submission.Status.PUBLISHED:
                continue
            with transaction.atomic():
                self.publish(paper, texts, secretariat)
            self.stdout.write(f"Published “{title}”.")

    def publish(self, paper, texts, secretariat):
        if paper.status != Submission.Status.ACCEPTED:
            workflow.record_decision(submission=paper, outcome="accept", by=secretariat, announce=True)
            paper.refresh_from_db()
        submitter = paper.created_by
        for language, text in texts.items():
            if not paper.versions.filter(revision=1, language=language).exists():
                services.add_version(
                    submission=paper,
                    by=submitter,
                    file=SimpleUploadedFile(f"paper-{language}.txt", text.encode(), content_type="text/plain"),
                    language=language,
                    note="Translation",
                    translation_of=1,
                )
        publishing.publish(submission=paper, by=secretariat, versions=paper.versions.filter(revision=1))
