"""Message catalogue tools (development only: needs polib from the dev dependencies).

python -m rondetafel.core.i18n compile   .po -> .mo, no msgfmt needed
python -m rondetafel.core.i18n check     fail on any empty or fuzzy Dutch translation
"""

from __future__ import annotations

import sys
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
CATALOGUE = LOCALE_DIR / "nl" / "LC_MESSAGES" / "django.po"


def catalogue_problems(path: Path = CATALOGUE) -> list[str]:
    import polib

    po = polib.pofile(str(path))
    problems = []
    for entry in po:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {entry.msgid!r}")
        if entry.msgid_plural:
            if not entry.msgstr_plural or not all(entry.msgstr_plural.values()):
                problems.append(f"empty plural: {entry.msgid!r}")
        elif not entry.msgstr.strip():
            problems.append(f"empty: {entry.msgid!r}")
    return problems


def compile_catalogue(path: Path = CATALOGUE) -> Path:
    import polib

    po = polib.pofile(str(path))
    po.metadata_is_fuzzy = False
    po.save()
    mo = path.with_suffix(".mo")
    po.save_as_mofile(str(mo))
    return mo


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "compile":
        print("wrote", compile_catalogue())
    elif command == "check":
        found = catalogue_problems()
        print("\n".join(found) or "The Dutch catalogue is complete.")
        sys.exit(1 if found else 0)
    else:
        sys.exit(__doc__)
