import datetime

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import User
from agenda.models import AgendaItem, Body, Session
from delegations.models import Delegation
from submissions.models import Submission


def make_pdf(text: str = "A concept paper on capacity-building.", pages: int = 1) -> bytes:
    """A real, small PDF with the given text on each page."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    for number in range(1, pages + 1):
        pdf.add_page()
        pdf.multi_cell(0, 8, f"{text} (page {number})")
    return bytes(pdf.output())


def pdf_upload(name: str = "paper.pdf", text: str = "A concept paper on capacity-building.", pages: int = 1):
    return SimpleUploadedFile(name, make_pdf(text, pages), content_type="application/pdf")


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body
        django_get_or_create = ("name",)

    name = "Open-ended working group on security of and in the use of ICTs 2021-2025"
    short_name = "OEWG"
    symbol_prefix = "A/AC.292/"


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    body = factory.SubFactory(BodyFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.LazyAttribute(lambda o: f"Substantive session {o.number}")
    start_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    end_date = factory.LazyAttribute(lambda o: o.start_date + datetime.timedelta(days=4))
    submission_deadline = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem
        django_get_or_create = ("body", "code")

    body = factory.SubFactory(BodyFactory)
    # Sub-items of item 5, as papers address them.
    parent = factory.LazyAttribute(
        lambda o: AgendaItem.objects.get_or_create(
            body=o.body, code="5", defaults={"title": "Discussions on substantive issues", "order": 5}
        )[0]
    )
    code = factory.Sequence(lambda n: f"5({'abcdefghijklmnopqrstuvwxyz'[n % 26]}{n // 26 or ''})")
    title = factory.Sequence(lambda n: f"Sub-item {n}")
    order = factory.Sequence(lambda n: n + 10)


class DelegationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delegation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Republic of Testland {n}")
    kind = Delegation.Kind.MEMBER_STATE


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class DelegateFactory(UserFactory):
    role = User.Role.DELEGATE
    delegation = factory.SubFactory(DelegationFactory)


class SecretariatFactory(UserFactory):
    role = User.Role.SECRETARIAT


class ChairTeamFactory(UserFactory):
    role = User.Role.CHAIR_TEAM


class SubmissionFactory(factory.django.DjangoModelFactory):
    """A draft; use submissions.services to move it on, as the portal does."""

    class Meta:
        model = Submission
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Concept paper number {n}")
    summary = "Why and how."
    session = factory.SubFactory(SessionFactory)
    delegation = factory.SubFactory(DelegationFactory)
    created_by = factory.SubFactory(DelegateFactory, delegation=factory.SelfAttribute("..delegation"))

    @factory.post_generation
    def sub_items(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.sub_items.set(extracted)
