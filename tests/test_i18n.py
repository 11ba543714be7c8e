"""Dutch first, English complete: no empty or fuzzy Dutch translation, no string missing from
the catalogue, and the compiled catalogue matches its source."""

import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command

from rondetafel.core.i18n import CATALOGUE, catalogue_problems

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "rondetafel"


def test_no_empty_or_fuzzy_dutch_translation():
    assert catalogue_problems() == []


def test_checker_finds_empty_and_fuzzy_entries(tmp_path):
    po = polib.POFile()
    po.append(polib.POEntry(msgid="Hello", msgstr=""))
    po.append(polib.POEntry(msgid="Bye", msgstr="Doei", flags=["fuzzy"]))
    po.append(
        polib.POEntry(msgid="%(n)s item", msgid_plural="%(n)s items", msgstr_plural={0: "x", 1: ""})
    )
    po.append(polib.POEntry(msgid="Yes", msgstr="Ja"))
    path = tmp_path / "django.po"
    po.save(str(path))
    problems = catalogue_problems(path)
    assert len(problems) == 3
    assert any("fuzzy" in p for p in problems) and any("plural" in p for p in problems)


def test_compiled_catalogue_matches_the_source():
    po = {
        e.msgid: (e.msgstr, e.msgstr_plural) for e in polib.pofile(str(CATALOGUE)) if not e.obsolete
    }
    mo = {
        e.msgid: (e.msgstr, e.msgstr_plural)
        for e in polib.mofile(str(CATALOGUE.with_suffix(".mo")))
    }
    mo.pop("", None)
    assert po == mo, "Run: python3 dev.py messages"


@pytest.mark.skipif(
    not shutil.which("xgettext"), reason="needs GNU gettext (apt-get install gettext)"
)
def test_every_string_in_the_code_is_in_the_catalogue(tmp_path, settings, monkeypatch):
    """Extract the strings afresh from a copy of the code and compare with the catalogue."""
    copy = tmp_path / "rondetafel"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "static"))
    settings.LOCALE_PATHS = [copy / "locale"]
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["nl"], no_location=True, no_obsolete=True, verbosity=0)
    fresh = {
        e.msgid
        for e in polib.pofile(str(copy / "locale/nl/LC_MESSAGES/django.po"))
        if not e.obsolete
    }
    committed = {e.msgid for e in polib.pofile(str(CATALOGUE)) if not e.obsolete}
    assert fresh - committed == set(), (
        "New strings need a Dutch translation: python3 dev.py messages"
    )
