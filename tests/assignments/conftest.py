"""Users and posts the assignments tests share, on top of the root conftest's.

``newcomer`` assists ``officer`` in beat A (and is the usual successor when the lead
leaves); ``foreign_analyst`` works at another branch bureau of the same city;
``city_analyst`` at the city bureau, two levels above the stations.
"""

import pytest
from django.conf import settings

from assignments.models import Assignment
from communitypolice.accounts.models import Unit, User
from communitypolice.core import periods
from tests.factories import AssignmentFactory, UnitFactory, UserFactory

from .helpers import days


@pytest.fixture
def today():
    return periods.today()


@pytest.fixture
def lead_post(officer):
    """``officer``'s lead post in beat A."""
    return officer.assignments.get()


def serve_since(post, start):
    post.start_date = start
    post.save(update_fields=["start_date"])
    return post


@pytest.fixture
def seasoned_post(lead_post, today):
    """The lead post, held for longer than the minimum tenure."""
    return serve_since(lead_post, today - days(settings.MIN_TENURE_DAYS + 30))


@pytest.fixture
def early_post(lead_post, today):
    """The lead post, held for three months only."""
    return serve_since(lead_post, today - days(90))


@pytest.fixture
def newcomer(beat_a):
    user = UserFactory(username="newcomer", unit=beat_a.station, role=User.Role.OFFICER)
    AssignmentFactory(officer=user, beat=beat_a, role=Assignment.Role.ASSISTANT)
    return user


@pytest.fixture
def foreign_analyst(city):
    other_branch = UnitFactory(
        code="330103000000", name="东湖分局", kind=Unit.Kind.BRANCH, parent=city
    )
    return UserFactory(username="foreign_analyst", unit=other_branch, role=User.Role.ANALYST)


@pytest.fixture
def city_analyst(city):
    return UserFactory(username="city_analyst", unit=city, role=User.Role.ANALYST)
