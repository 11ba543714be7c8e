"""rondetafel analyse-polis DIR: the opinion groups, representative statements and common ground
of a Pol.is open-data export folder (comments.csv and votes.csv; participants-votes.csv, when
present, to compare with Pol.is's own groups)."""

import json
import textwrap
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from rondetafel.analysis.opinion import Options, analyse
from rondetafel.analysis.opinion.polis_io import ExportError, read_folder

from ...opinion import group_label


def _adjusted_rand(a: list, b: list) -> float:
    from collections import Counter
    from math import comb

    pairs = sum(comb(n, 2) for n in Counter(zip(a, b, strict=True)).values())
    rows = sum(comb(n, 2) for n in Counter(a).values())
    cols = sum(comb(n, 2) for n in Counter(b).values())
    expected = rows * cols / comb(len(a), 2) if len(a) > 1 else 0
    top = (rows + cols) / 2 - expected
    return (pairs - expected) / top if top else 1.0


class Command(BaseCommand):
    help = "Analyse a Pol.is export folder: groups, representative and consensus statements."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)
        parser.add_argument(
            "--polis", action="store_true", help="reproduce Pol.is exactly, quirks included"
        )
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, folder: Path, polis: bool, **options):
        try:
            export = read_folder(folder)
        except ExportError as exc:
            if exc.code == "missing-file":
                message = _("%(folder)s has no %(file)s: is it a Pol.is export folder?")
            else:
                message = _("%(folder)s is not a Pol.is export (%(file)s).")
            raise CommandError(message % {"folder": folder, "file": exc.detail}) from exc
        result, _state = analyse(export.matrix(), options=Options.polis() if polis else Options())
        text = {c.id: c.text for c in export.comments}
        common = [p for p in export.group_id if p in result.group_of]
        ari = (
            _adjusted_rand(
                [export.group_id[p] for p in common], [result.group_of[p] for p in common]
            )
            if common
            else None
        )
        report = {
            "topic": export.topic,
            "participants": len(result.participant_ids),
            "statements": len(export.comments),
            "votes": int(len(export.votes)),
            "skipped_rows": len(export.problems),
            "clustered": len(result.group_of),
            "ari_with_polis_groups": ari,
            "groups": [
                {
                    "group": group_label(g.id),
                    "size": len(g.members),
                    "representative": [
                        {"id": r.statement, "direction": r.direction, "text": text[r.statement]}
                        for r in g.representative
                    ],
                }
                for g in result.groups
            ],
            "consensus": {
                d: [{"id": c.statement, "text": text[c.statement]} for c in items]
                for d, items in result.consensus.items()
            },
            "common_ground": [{"id": s, "text": text[s]} for s, _gac in result.common_ground],
            "divisive": [{"id": s, "text": text[s]} for s, _gap in result.divisive],
        }
        if options["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
            return
        self._print(report)

    def _print(self, r: dict) -> None:
        def line(item):
            return textwrap.shorten(f"[{item['id']}] {item['text']}", 110)

        self.stdout.write(r["topic"] or str(r.get("topic")))
        self.stdout.write(
            _("%(p)d participants, %(s)d statements, %(v)d votes; %(c)d clustered")
            % {"p": r["participants"], "s": r["statements"], "v": r["votes"], "c": r["clustered"]}
        )
        if r["skipped_rows"]:
            self.stdout.write(_("%(n)d bad rows skipped") % {"n": r["skipped_rows"]})
        if r["ari_with_polis_groups"] is not None:
            self.stdout.write(
                _("Agreement with Pol.is's own groups (ARI): %(ari).3f")
                % {"ari": r["ari_with_polis_groups"]}
            )
        for g in r["groups"]:
            self.stdout.write(
                "\n" + _("Group %(g)s (%(n)d people)") % {"g": g["group"], "n": g["size"]}
            )
            for item in g["representative"]:
                self.stdout.write(
                    f"  {_('agree') if item['direction'] == 'agree' else _('disagree')}: {line(item)}"
                )
        for title, items in (
            (_("Majority agrees"), r["consensus"]["agree"]),
            (_("Majority disagrees"), r["consensus"]["disagree"]),
            (_("Common ground (every group agrees)"), r["common_ground"]),
            (_("Where the groups differ"), r["divisive"]),
        ):
            self.stdout.write("\n" + title)
            for item in items or [{"id": "-", "text": _("(none)")}]:
                self.stdout.write(f"  {line(item)}")
