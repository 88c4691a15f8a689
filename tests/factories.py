"""factory_boy factories for the portal's models, shared by every test folder.

Defaults make a realistic, published DAP meeting: `MeetingFactory()` is the steering group's
meeting of Monday 6 October 2025, 13.00-15.00. Positions count up per parent on their own.
"""

import datetime as dt
import hashlib

import factory
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from factory.django import DjangoModelFactory

from meetings.models import (
    AgendaItem,
    Bilag,
    Committee,
    ItemEmbed,
    ItemSection,
    Meeting,
    MeetingStatus,
    Membership,
    Presenter,
    Role,
)
from projects.models import Programme, Project

PASSWORD = "korrekt-hest-batteri-hæfteklamme"
# The smallest file that `meetings.files.sniff` takes for a PDF.
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"bruger{n}")
    first_name = factory.Faker("first_name", locale="da_DK")
    last_name = factory.Faker("last_name", locale="da_DK")
    email = factory.LazyAttribute(lambda user: f"{user.username}@dap.example")
    password = factory.django.Password(PASSWORD)


class CommitteeFactory(DjangoModelFactory):
    class Meta:
        model = Committee
        django_get_or_create = ("short_name",)

    name = "Styregruppen for Digital Almen Praksis"
    short_name = "DAP"
    secretariat = "MedCom"


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    committee = factory.SubFactory(CommitteeFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.MEMBER


class ProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = Programme
        django_get_or_create = ("short_name",)

    short_name = "DAP"
    name = "Digital Almen Praksis"


class ProjectFactory(DjangoModelFactory):
    class Meta:
        model = Project

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Projekt {n}")
    owner = "PLO"
    project_management = "MedCom"


class MeetingFactory(DjangoModelFactory):
    class Meta:
        model = Meeting

    committee = factory.SubFactory(CommitteeFactory)
    # The committee's usual title (a meeting with a title of its own shows it in the heading).
    title = factory.LazyAttribute(
        lambda meeting: f"Styregruppemøde for {meeting.committee.subject}"
    )
    date = dt.date(2025, 10, 6)
    start_time = dt.time(13, 0)
    end_time = dt.time(15, 0)
    location = "Slotsholmsgade 12, mødesal B (fælles)"
    status = MeetingStatus.PUBLISHED

    class Params:
        draft = factory.Trait(status=MeetingStatus.DRAFT)
        with_next = factory.Trait(
            next_date=dt.date(2025, 12, 16),
            next_start_time=dt.time(13, 0),
            next_end_time=dt.time(15, 0),
            next_location="Indenrigs- og Sundhedsministeriet",
        )


def _next_position(model: type, **parent: object) -> int:
    last = model.objects.filter(**parent).order_by("-position").values_list("position", flat=True)
    return (last.first() or 0) + 1


class AgendaItemFactory(DjangoModelFactory):
    class Meta:
        model = AgendaItem
        skip_postgeneration_save = True

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.LazyAttribute(lambda item: _next_position(AgendaItem, meeting=item.meeting))
    title = factory.Sequence(lambda n: f"Punkt {n}")
    kind = "O"
    duration_minutes = 10

    @factory.post_generation
    def restricted_to(self, create: bool, users: list | None, **kwargs: object) -> None:
        if create and users:
            self.restricted_to.set(users)


class ItemSectionFactory(DjangoModelFactory):
    class Meta:
        model = ItemSection

    item = factory.SubFactory(AgendaItemFactory)
    position = factory.LazyAttribute(lambda section: _next_position(ItemSection, item=section.item))
    heading = "Indstilling"
    html = "<p>Det indstilles, at styregruppen tager orienteringen til efterretning.</p>"


class PresenterFactory(DjangoModelFactory):
    class Meta:
        model = Presenter

    item = factory.SubFactory(AgendaItemFactory)
    position = factory.LazyAttribute(
        lambda presenter: _next_position(Presenter, item=presenter.item)
    )
    name = factory.Faker("name", locale="da_DK")
    organisation = "MedCom"


class BilagFactory(DjangoModelFactory):
    """A bilag without a file; `BilagFactory(with_file=True)` stores a small PDF."""

    class Meta:
        model = Bilag

    item = factory.SubFactory(AgendaItemFactory)
    position = factory.LazyAttribute(lambda bilag: _next_position(Bilag, item=bilag.item))
    title = factory.Sequence(lambda n: f"Bilag-dokument-{n}")

    class Params:
        with_file = factory.Trait(
            file=factory.LazyFunction(lambda: ContentFile(PDF_BYTES, name="bilag.pdf")),
            original_filename="bilag.pdf",
            content_type="application/pdf",
            size=len(PDF_BYTES),
            sha256=hashlib.sha256(PDF_BYTES).hexdigest(),
        )


class ItemEmbedFactory(DjangoModelFactory):
    class Meta:
        model = ItemEmbed

    item = factory.SubFactory(AgendaItemFactory)
    position = factory.LazyAttribute(lambda embed: _next_position(ItemEmbed, item=embed.item))
    type = "budget_table"
    programme = factory.SubFactory(ProgrammeFactory)
    year = 2025
    part = ""


def member(committee: Committee, role: str = Role.MEMBER, **user_fields: object) -> object:
    """A user with a role in a committee."""
    user = UserFactory(**user_fields)
    MembershipFactory(committee=committee, user=user, role=role)
    return user
