"""Identifier checks with real valid and invalid samples."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from stdnum.cn import ric

from communitypolice.core.identifiers import parse_resident_id, validate_plate, validate_uscc


@pytest.mark.parametrize(
    "code",
    ["91110000600037341L", "91110108551385082Q", "91440300708461136T", "914403001922038216"],
)
def test_valid_credit_codes(code):
    validate_uscc(code)


@pytest.mark.parametrize(
    ("code", "problem", "message"),
    [
        ("91110000600037341X", "checksum", "校验码"),
        ("9111000060003734", "length", "18位"),
        ("91110000600037341I", "format", "格式"),
    ],
)
def test_invalid_credit_codes_say_what_is_wrong(code, problem, message):
    with pytest.raises(ValidationError) as error:
        validate_uscc(code)
    assert error.value.code == problem
    assert message in error.value.messages[0]


@pytest.mark.parametrize(
    "plate", ["京A12345", "粤B8K3Q2", "沪AD12345", "沪A12345D", "浙A1234学", "京 A·12345"]
)
def test_valid_plates(plate):
    validate_plate(plate)


@pytest.mark.parametrize(
    "plate", ["京AI2345", "京A1234", "AB12345", "京A123456", "沪AD1234X", "京O12345"]
)
def test_invalid_plates(plate):
    with pytest.raises(ValidationError):
        validate_plate(plate)


def with_check_digit(body):
    return body + ric.calc_check_digit(body + "0")


def test_resident_id_gives_birth_date_and_gender():
    parsed = parse_resident_id(with_check_digit("11010519491231002"))
    assert parsed.birth_date == datetime.date(1949, 12, 31)
    assert parsed.gender == "F"
    assert parsed.area_warning == ""


def test_resident_id_with_wrong_check_digit_is_refused():
    number = with_check_digit("11010519491231002")
    wrong = number[:-1] + ("1" if number[-1] != "1" else "2")
    with pytest.raises(ValidationError) as error:
        parse_resident_id(wrong)
    assert error.value.code == "checksum"


def test_resident_id_with_impossible_birth_date_is_refused():
    with pytest.raises(ValidationError) as error:
        parse_resident_id(with_check_digit("11010519491331002"))
    assert error.value.code == "birth_date"


def test_area_code_created_after_the_birth_year_is_only_a_warning():
    # 110112 通州区 exists from 1997 in python-stdnum's table, so stdnum refuses a card
    # with that code and a 1980 birth date; such cards are real (re-issued codes).
    number = with_check_digit("11011219800101001")
    assert not ric.is_valid(number)
    parsed = parse_resident_id(number)
    assert "1980" in parsed.area_warning


def test_unknown_area_code_is_refused():
    with pytest.raises(ValidationError) as error:
        parse_resident_id(with_check_digit("99999919800101001"))
    assert error.value.code == "area"
