import pytest
from auditlog.models import LogEntry

from places import services
from places.models import Address, House

pytestmark = pytest.mark.django_db


def test_full_name_is_built_from_the_ancestors(rooms_a):
    assert rooms_a[0].full_name == "示范市和平区和平街道樱花社区樱花园小区1号楼1单元101室"


def test_a_beat_set_on_a_community_is_inherited_below(rooms_a, beat_a, street):
    assert street.beat is None
    assert {room.beat for room in rooms_a} == {beat_a}


def test_a_beat_set_lower_down_overrides_the_inherited_one(building_a, beat_b):
    entrance = services.add_address(
        parent=building_a, level=Address.Level.ENTRANCE, name="2单元", code="E2", beat=beat_b
    )
    room = services.add_address(parent=entrance, level=Address.Level.ROOM, name="101室", code="R")
    assert (entrance.beat, room.beat) == (beat_b, beat_b)


def test_moving_a_subtree_moves_its_records_in_one_go(
    community_a, rooms_a, house_a, organization_a, item_a, beat_a, beat_b, chief
):
    from auditlog.context import set_actor

    with set_actor(chief):
        moved = services.update_address(
            address=community_a, name=community_a.name, code=community_a.code, beat_override=beat_b
        )

    assert moved == 3
    assert set(
        Address.objects.filter(path__startswith=community_a.path).values_list(
            "beat__code", flat=True
        )
    ) == {"A02"}
    for record in (house_a, organization_a, item_a):
        record.refresh_from_db()
        assert record.beat == beat_b
        entry = LogEntry.objects.get_for_object(record).latest("pk")
        assert entry.actor == chief
        assert entry.changes_dict["beat"] == [str(beat_a), str(beat_b)]


def test_a_lower_override_survives_a_move_above(community_a, building_a, beat_b, beat_c):
    entrance = services.add_address(
        parent=building_a, level=Address.Level.ENTRANCE, name="2单元", code="E2", beat=beat_c
    )
    services.update_address(
        address=community_a, name=community_a.name, code=community_a.code, beat_override=beat_b
    )
    entrance.refresh_from_db()
    building_a.refresh_from_db()
    assert (building_a.beat, entrance.beat) == (beat_b, beat_c)


def test_renaming_carries_down_to_full_names(community_a, rooms_a):
    services.update_address(
        address=community_a,
        name="樱花新村社区",
        code=community_a.code,
        beat_override=community_a.beat_override,
    )
    rooms_a[0].refresh_from_db()
    assert "樱花新村社区樱花园小区" in rooms_a[0].full_name


def test_a_failed_move_changes_nothing(community_a, house_a, beat_a, beat_b, monkeypatch):
    def broken_save(self, *args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(House, "save", broken_save)
    with pytest.raises(RuntimeError):
        services.update_address(
            address=community_a,
            name=community_a.name,
            code=community_a.code,
            beat_override=beat_b,
        )
    community_a.refresh_from_db()
    assert community_a.beat == beat_a
    assert set(
        Address.objects.filter(path__startswith=community_a.path).values_list("beat", flat=True)
    ) == {beat_a.pk}


def test_officer_sees_their_subtree_and_the_levels_above_it(officer, rooms_a, room_c, street):
    visible = set(Address.objects.visible_to(officer).values_list("name", flat=True))
    assert {"和平街道", "樱花社区", "101室", "102室"} <= visible
    assert "东湖社区" not in visible and "东湖花园" not in visible


def test_analyst_sees_no_addresses(analyst, rooms_a):
    assert not Address.objects.visible_to(analyst).exists()


def test_floor_is_read_from_the_room_number(rooms_a):
    assert [room.floor for room in rooms_a] == [1, 1, 2]
