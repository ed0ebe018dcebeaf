"""The consent a member gives to be listed publicly, and the record kept of it.

The words are the ones the join form shows. When they change in substance, raise
CONSENT_VERSION: every member's record keeps the version and the exact text they agreed to,
in their language, with the time.
"""

from django.utils import translation
from django.utils.translation import gettext_lazy as _

CONSENT_VERSION = "2025-1"

CONSENT_LABEL = _(
    "I agree that my name and my company's name, role, sectors, focus areas and "
    "municipality are shown publicly on this portal."
)
CONSENT_HELP = _(
    "The resource bank is public: anyone can see who takes part. Your e-mail address, "
    "phone and organisation number are never shown. You can withdraw at any time, and "
    "your personal data are then erased."
)


def consent_text(*, language: str) -> str:
    """What the member was shown, in their language, as one plain text."""
    with translation.override(language):
        return f"{CONSENT_LABEL}\n{CONSENT_HELP}"
