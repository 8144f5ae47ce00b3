"""scope_of(user): the role cascade, written once."""

import pytest
from django.contrib.auth.models import AnonymousUser

from communitypolice.accounts.models import Unit
from communitypolice.accounts.scope import NOTHING, Reach, Role, Scope, role_of, scope_of
from communitypolice.core.access import role_required
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_each_role_reaches_its_own_rung(officer, chief, analyst, admin_user, station_a, branch):
    assert scope_of(admin_user).reach is Reach.ALL
    assert scope_of(analyst) == Scope(Reach.UNIT, user_id=analyst.pk, unit_id=branch.pk)
    assert scope_of(chief).reach is Reach.STATION and scope_of(chief).unit_id == station_a.pk
    assert scope_of(officer).reach is Reach.BEATS and scope_of(officer).user_id == officer.pk


def test_only_the_analysts_scope_holds_no_personal_data(officer, chief, analyst, admin_user):
    assert [scope_of(u).personal for u in (officer, chief, analyst, admin_user)] == [
        True,
        True,
        False,
        True,
    ]


def test_a_superuser_acts_as_administrator_whatever_their_role(station_a):
    user = UserFactory(username="root", unit=station_a, role=Role.OFFICER, is_superuser=True)
    assert role_of(user) == Role.ADMIN and scope_of(user).is_all


def test_anonymous_inactive_and_unit_less_users_reach_nothing(chief, city):
    assert scope_of(AnonymousUser()) == NOTHING and role_of(AnonymousUser()) is None
    loose = UserFactory(username="loose_analyst", unit=None, role=Role.ANALYST)
    assert scope_of(loose) == NOTHING
    chief.is_active = False
    assert scope_of(chief) == NOTHING
    assert not Unit.objects.visible_to(chief).exists()


def test_units_reached_follow_the_scope(officer, chief, analyst, admin_user, station_a, branch):
    assert set(Unit.objects.visible_to(chief)) == {station_a}
    assert set(Unit.objects.visible_to(analyst).stations()) == set(branch.stations())
    assert not Unit.objects.visible_to(officer).exists()  # an officer's reach is beats
    assert Unit.objects.visible_to(admin_user).count() == Unit.objects.count()


def test_role_required_takes_role_members_not_strings():
    with pytest.raises(TypeError):
        role_required("chief")
    assert role_required(Role.CHIEF)
