import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from communitypolice.accounts.models import Unit, User
from tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_station_hangs_under_a_branch_not_a_city(city, branch):
    with pytest.raises(ValidationError) as error:
        Unit(
            name="错挂派出所", code="330100990000", kind=Unit.Kind.STATION, parent=city
        ).full_clean()
    assert "parent" in error.value.message_dict
    Unit(name="正挂派出所", code="330102990000", kind=Unit.Kind.STATION, parent=branch).full_clean()


def test_unit_codes_are_digits(branch):
    with pytest.raises(ValidationError) as error:
        Unit(name="X", code="ABC123", kind=Unit.Kind.STATION, parent=branch).full_clean()
    assert "code" in error.value.message_dict


def test_stations_below_a_branch_and_a_city(city, branch, station_a, station_b):
    other_branch = UnitFactory(code="330103000000", kind=Unit.Kind.BRANCH, parent=city)
    station_c = UnitFactory(code="330103510000", parent=other_branch)
    assert set(branch.stations()) == {station_a, station_b}
    assert set(city.stations()) == {station_a, station_b, station_c}
    assert set(station_a.stations()) == {station_a}


@pytest.mark.parametrize(
    ("role", "unit_fixture", "ok"),
    [
        (User.Role.OFFICER, "station_a", True),
        (User.Role.OFFICER, "branch", False),
        (User.Role.CHIEF, "branch", False),
        (User.Role.ANALYST, "branch", True),
        (User.Role.ANALYST, "station_a", False),
        (User.Role.ADMIN, "city", True),
    ],
)
def test_a_users_unit_must_fit_their_role(request, role, unit_fixture, ok):
    user = UserFactory.build(username="new", role=role, unit=request.getfixturevalue(unit_fixture))
    if ok:
        user.full_clean(exclude=["password"])
    else:
        with pytest.raises(ValidationError) as error:
            user.full_clean(exclude=["password"])
        assert "unit" in error.value.message_dict


def test_passwords_need_twelve_characters():
    with pytest.raises(ValidationError):
        validate_password("Short-pw-11")
    validate_password("a-long-enough-passphrase")


def test_badge_number_and_phone_are_checked(station_a):
    user = UserFactory.build(username="new", unit=station_a, badge_number="12", phone="12345")
    with pytest.raises(ValidationError) as error:
        user.full_clean(exclude=["password"])
    assert {"badge_number", "phone"} <= set(error.value.message_dict)
    user.badge_number, user.phone = "021101", "13812345678"
    user.full_clean(exclude=["password"])
