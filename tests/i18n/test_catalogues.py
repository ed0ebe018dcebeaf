"""Every interface string is translated into Swedish and Norwegian Bokmål.

Two checks: the committed catalogues have no empty or fuzzy translation, and a fresh
`makemessages` over the code and templates finds no string the catalogues lack (so a new
{% translate %} cannot slip in untranslated).
"""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from .pofile import read_po

ROOT = Path(settings.BASE_DIR)
LANGUAGES = ["sv", "nb"]
SKIP = {
    ".git",
    ".venv",
    "node_modules",
    "media",
    "staticfiles",
    "static",
    "locale",
    "build",
    ".pytest_cache",
    ".ruff_cache",
    "__pycache__",
    "artifacts",
}

pytestmark = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext is not installed")


def catalogue(language: str) -> Path:
    return ROOT / "locale" / language / "LC_MESSAGES" / "django.po"


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_has_no_empty_or_fuzzy_translation(language):
    entries = read_po(catalogue(language))
    assert len(entries) > 500
    missing = [e.msgid for e in entries if not e.translated]
    assert not missing, f"{len(missing)} untranslated in {language}: {missing[:20]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_survive_translation(language):
    import re

    pattern = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{ ?\w+ ?\}\}|\{\w*\}")
    for entry in read_po(catalogue(language)):
        wanted = sorted(pattern.findall(entry.msgid))
        for text in entry.msgstr.values():
            assert sorted(pattern.findall(text)) == wanted or entry.msgid_plural, (
                f"{language}: placeholders differ in {entry.msgid!r} -> {text!r}"
            )


def test_every_string_in_code_and_templates_is_in_the_catalogues(tmp_path):
    """makemessages into a copy of the tree; the fresh catalogue may not hold new msgids."""
    copy = tmp_path / "tree"
    shutil.copytree(ROOT, copy, ignore=lambda directory, names: [n for n in names if n in SKIP])
    (copy / "locale").mkdir()
    cwd = os.getcwd()
    try:
        os.chdir(copy)
        with override_settings(LOCALE_PATHS=[copy / "locale"]):
            call_command(
                "makemessages",
                locale=["sv"],
                ignore_patterns=[".venv", "node_modules"],
                verbosity=0,
                no_obsolete=True,
            )
    finally:
        os.chdir(cwd)
    fresh = {e.key for e in read_po(copy / "locale" / "sv" / "LC_MESSAGES" / "django.po")}
    for language in LANGUAGES:
        committed = {e.key for e in read_po(catalogue(language))}
        new = sorted(k[1] for k in fresh - committed)
        assert not new, (
            f"{len(new)} strings missing from locale/{language}: run `manage.py makemessages "
            f"-l sv -l nb --ignore=.venv --ignore=node_modules` and translate them: {new[:20]}"
        )


def test_translation_functions_keep_names_makemessages_knows():
    """makemessages only finds _(), gettext(), ngettext() and friends by name: a string marked
    with an alias such as `_t()` is never extracted and so never translated."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    alias = re.compile(r"from django\.utils\.translation import .*\bas (?!_\b)\w+")
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if ".venv" not in path.parts
        and "node_modules" not in path.parts
        and alias.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
