"""Organisation numbers, validated for the region's country (settings.MEETREGION_COUNTRY)."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

SWEDEN = "SE"
NORWAY = "NO"


def luhn_valid(digits: str) -> bool:
    total = 0
    for i, char in enumerate(reversed(digits)):
        n = int(char)
        if i % 2 == 1:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def mod11_valid(digits: str) -> bool:
    """Brønnøysund's check: weights 3 2 7 6 5 4 3 2 on the first eight digits."""
    weights = (3, 2, 7, 6, 5, 4, 3, 2)
    remainder = sum(int(d) * w for d, w in zip(digits[:8], weights, strict=True)) % 11
    check = 0 if remainder == 0 else 11 - remainder
    return check != 10 and check == int(digits[8])


def organisation_number_normalise(value: str, country: str | None = None) -> str:
    """Return the number in its usual written form, or raise ValidationError."""
    country = (country or settings.MEETREGION_COUNTRY).upper()
    digits = re.sub(r"[\s\-]", "", value or "")
    if country == NORWAY:
        if not re.fullmatch(r"\d{9}", digits) or not mod11_valid(digits):
            raise ValidationError(
                _("Enter a Norwegian organisation number: nine digits, e.g. 923 609 016."),
                code="invalid_organisation_number",
            )
        return f"{digits[:3]} {digits[3:6]} {digits[6:]}"
    # A Swedish number is sometimes written with the century "16" in front.
    if re.fullmatch(r"16\d{10}", digits):
        digits = digits[2:]
    if not re.fullmatch(r"\d{10}", digits) or not luhn_valid(digits):
        raise ValidationError(
            _("Enter a Swedish organisation number: ten digits, e.g. 556036-0793."),
            code="invalid_organisation_number",
        )
    return f"{digits[:6]}-{digits[6:]}"


def validate_organisation_number(value: str) -> None:
    organisation_number_normalise(value)
