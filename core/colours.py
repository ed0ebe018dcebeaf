"""The region's and the municipalities' primary colour: a hex colour that white text can sit
on (WCAG 2.1 AA, 4.5:1), and the few shades the stylesheet derives from it.

The colour reaches the pages through a stylesheet whose address carries the colour itself
(core.views.theme_css): a pure function of its URL, cacheable for a year, no inline style
for the Content-Security-Policy to refuse and no query on any page.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DEFAULT_PRIMARY = "#0b5cab"
AA_NORMAL_TEXT = 4.5
HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{max(0, min(255, round(c))):02x}" for c in rgb)


def relative_luminance(colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def mix(colour: str, other: str, weight: float) -> str:
    """`weight` of `other` mixed into `colour` (0: colour itself, 1: other)."""
    a, b = _rgb(colour), _rgb(other)
    return _hex(tuple(x + (y - x) * weight for x, y in zip(a, b, strict=True)))


def validate_primary_colour(value: str) -> None:
    """A hex colour (#0b5cab) on which white text keeps 4.5:1 (buttons, the header)."""
    if not HEX_COLOUR.match(value or ""):
        raise ValidationError(
            _("Enter a colour as # and six hexadecimal digits, for example #0b5cab."),
            code="invalid_colour",
        )
    ratio = contrast_ratio(value, "#ffffff")
    if ratio < AA_NORMAL_TEXT:
        raise ValidationError(
            _(
                "White text on %(colour)s has a contrast of only %(ratio).2f:1; at least "
                "4.5:1 is needed (WCAG 2.1 AA). Choose a darker shade."
            ),
            code="low_contrast",
            params={"colour": value, "ratio": ratio},
        )


def theme_variables(colour: str) -> dict[str, str]:
    """The custom properties the stylesheet reads (static/css/site.css, --mr-*)."""
    dark = mix(colour, "#000000", 0.2)
    darker = mix(colour, "#000000", 0.35)
    r, g, b = _rgb(colour)
    dr, dg, db = _rgb(dark)
    return {
        "--mr-primary": colour,
        "--mr-primary-rgb": f"{r}, {g}, {b}",
        "--mr-primary-dark": dark,
        "--mr-primary-dark-rgb": f"{dr}, {dg}, {db}",
        "--mr-primary-darker": darker,
        # A pale wash for panels: body text on it keeps far more than 4.5:1.
        "--mr-primary-tint": mix(colour, "#ffffff", 0.92),
        "--bs-primary": colour,
        "--bs-primary-rgb": f"{r}, {g}, {b}",
        "--bs-link-color": colour,
        "--bs-link-color-rgb": f"{r}, {g}, {b}",
        "--bs-link-hover-color": dark,
        "--bs-link-hover-color-rgb": f"{dr}, {dg}, {db}",
    }


def theme_stylesheet(colour: str) -> str:
    declarations = ";".join(f"{name}:{value}" for name, value in theme_variables(colour).items())
    return f":root{{{declarations}}}\n"
