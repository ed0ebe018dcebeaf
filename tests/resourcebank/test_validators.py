import pytest
from django.core.exceptions import ValidationError

from resourcebank.validators import organisation_number_normalise


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("556036-0793", "556036-0793"),
        ("5560360793", "556036-0793"),
        ("16556036-0793", "556036-0793"),
        (" 202100 5489 ", "202100-5489"),
    ],
)
def test_swedish_numbers_with_a_good_luhn_digit_pass(value, expected):
    assert organisation_number_normalise(value, "SE") == expected


@pytest.mark.parametrize(
    "value", ["556036-0794", "55603607", "556036079312", "abcdefghij", "923609016"]
)
def test_swedish_numbers_with_a_bad_check_digit_or_length_fail(value):
    with pytest.raises(ValidationError):
        organisation_number_normalise(value, "SE")


@pytest.mark.parametrize("value", ["923609016", "923 609 016", "974760673"])
def test_norwegian_numbers_pass_the_mod11_check(value):
    assert organisation_number_normalise(value, "NO").replace(" ", "") == value.replace(" ", "")


@pytest.mark.parametrize("value", ["923609017", "5560360793", "92360901"])
def test_norwegian_numbers_failing_mod11_or_length_fail(value):
    with pytest.raises(ValidationError):
        organisation_number_normalise(value, "NO")


def test_the_regions_country_decides(settings):
    settings.MEETREGION_COUNTRY = "NO"
    assert organisation_number_normalise("923609016") == "923 609 016"
    with pytest.raises(ValidationError):
        organisation_number_normalise("556036-0793")
