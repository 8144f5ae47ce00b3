import datetime

import factory
from django.conf import settings

from assignments.models import Assignment, Beat
from communitypolice.accounts.models import Unit, User


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ["code"]

    name = factory.Sequence(lambda n: f"单位{n}")
    code = factory.Sequence(lambda n: f"{330000000000 + n}")
    kind = Unit.Kind.STATION


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"民警{n}")
    role = User.Role.OFFICER
    password = factory.PostGenerationMethodCall("set_password", settings.DEMO_PASSWORD)

    @factory.post_generation
    def _save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save(update_fields=["password"])


class BeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Beat

    name = factory.Sequence(lambda n: f"第{n}警务区")
    code = factory.Sequence(lambda n: f"B{n:05d}")


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    role = Assignment.Role.LEAD
    start_date = datetime.date(2025, 1, 1)
    end_date = None


class DutyBlockFactory(factory.django.DjangoModelFactory):
    """Half a day of an officer's duty log; community work unless told otherwise."""

    class Meta:
        model = "assignments.DutyBlock"

    date = datetime.date(2026, 3, 2)
    half = "am"
    kind = "visit"


class TrainingRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "assignments.TrainingRecord"

    course = "社区警务实务"
    date = datetime.date(2026, 3, 2)
    hours = 8
    result = "passed"
    recorded_by = factory.SelfAttribute("officer")
