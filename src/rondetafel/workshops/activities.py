"""Activity types, as a registry: what an answer may be, and what the results are.

Each type validates one answer (`clean`), builds its options from the facilitator's text
(`configure`) and summarises the answers (`results`), overall and per side.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from rondetafel.core.registry import Registry

from .constants import MAX_TEXT, StatementStatus

activity_types: Registry[ActivityType] = Registry("activity types")  # noqa: F821


@dataclass(frozen=True)
class ActivityType:
    key: str
    label: str
    has_items: bool = False  # answers belong to items (statements), not to the activity
    needs_rows: bool = True  # results read every answer; False: the type counts in the database

    def configure(self, options_text: str) -> dict:
        return {}

    def clean(self, activity, item: str, value):
        raise NotImplementedError

    def results(self, activity, responses: list, sides: dict) -> dict:
        raise NotImplementedError

    def chart(self, activity, results: dict):
        """The results as a `charts.Chart` for the presenter screen, or None when the type
        draws its own figure (word cloud, grid)."""
        return None


def _points(n) -> str:
    return ngettext("%(n)s point", "%(n)s points", int(n) if float(n).is_integer() else 2) % {
        "n": n
    }


VOTES = ("agree", "disagree", "pass")


def accepted_items(activity) -> set[str]:
    return {
        str(pk)
        for pk in activity.statements.filter(status=StatementStatus.ACCEPTED).values_list(
            "pk", flat=True
        )
    }


def _item_open(activity, item, known_items) -> bool:
    """Whether `item` is an accepted statement or question; `known_items` spares a query per
    vote when a batch of votes is checked at once."""
    if known_items is not None:
        return str(item) in known_items
    return str(item) in accepted_items(activity)


class StatementVoting(ActivityType):
    def clean(self, activity, item, value, known_items=None):
        if value not in VOTES:
            raise ValidationError(_("Choose agree, disagree or pass."))
        if not _item_open(activity, item, known_items):
            raise ValidationError(_("This statement is not (or no longer) open for voting."))
        return value

    def results(self, activity, responses, sides):
        # Counted by the database: a session of 1,000 people casts 20,000 votes, and the
        # snapshot is rebuilt several times a second.
        from django.db.models import Count

        counts: dict[str, Counter] = defaultdict(Counter)
        for item, value, n in (
            activity.responses.values_list("item", "value").annotate(n=Count("id")).order_by()
        ):
            counts[item][value] += n
        rows = []
        for statement in activity.statements.filter(status=StatementStatus.ACCEPTED):
            c = counts.get(str(statement.pk), Counter())
            total = sum(c.values())
            rows.append(
                {
                    "id": str(statement.pk),
                    "text": statement.text,
                    "agree": c["agree"],
                    "disagree": c["disagree"],
                    "pass": c["pass"],
                    "total": total,
                    "agree_pct": round(100 * c["agree"] / total) if total else 0,
                    "disagree_pct": round(100 * c["disagree"] / total) if total else 0,
                }
            )
        return {"statements": rows}

    def chart(self, activity, results):
        from .charts import Segment, stacked

        agree, disagree, skip = pgettext("statement vote", "Agree"), _("Disagree"), _("Pass")
        legend = [
            Segment("agree", agree, 0),
            Segment("disagree", disagree, 0),
            Segment("pass", skip, 0),
        ]
        return stacked(
            [
                (
                    r["text"],
                    [
                        Segment("agree", agree, r["agree"]),
                        Segment("disagree", disagree, r["disagree"]),
                        Segment("pass", skip, r["pass"]),
                    ],
                )
                for r in results["statements"]
            ],
            legend,
        )


class Poll(ActivityType):
    def configure(self, options_text):
        options = [line.strip()[:120] for line in options_text.splitlines() if line.strip()]
        if not 2 <= len(options) <= 12:
            raise ValidationError(_("Give between 2 and 12 options, one per line."))
        return {"options": options, "multiple": self.key == "poll_multiple"}

    def clean(self, activity, item, value, known_items=None):
        options = activity.config.get("options", [])
        chosen = value if isinstance(value, list) else [value]
        try:
            chosen = sorted({int(v) for v in chosen})
        except (TypeError, ValueError) as exc:
            raise ValidationError(_("Choose one of the options.")) from exc
        if not chosen or any(not 0 <= v < len(options) for v in chosen):
            raise ValidationError(_("Choose one of the options."))
        if not activity.config.get("multiple") and len(chosen) != 1:
            raise ValidationError(_("Choose exactly one option."))
        return chosen

    def results(self, activity, responses, sides):
        options = activity.config.get("options", [])
        counts = Counter(v for r in responses for v in r.value)
        total = len(responses)
        return {
            "respondents": total,
            "median": None,
            "rows": [
                {
                    "label": label,
                    "count": counts[i],
                    "pct": round(100 * counts[i] / total) if total else 0,
                }
                for i, label in enumerate(options)
            ],
        }

    def chart(self, activity, results):
        from .charts import bars

        return bars(
            [(r["label"], r["count"], f"{r['count']} · {r['pct']}%") for r in results["rows"]],
            highlight_max=True,
        )


class Scale(ActivityType):
    def configure(self, options_text):
        low, high = (0, 10) if self.key == "scale_10" else (1, 5)
        return {"min": low, "max": high}

    def clean(self, activity, item, value, known_items=None):
        try:
            number = int(value)
        except (TypeError, ValueError) as exc:
            raise ValidationError(_("Choose a number on the scale.")) from exc
        if not activity.config["min"] <= number <= activity.config["max"]:
            raise ValidationError(_("Choose a number from %(min)d to %(max)d.") % activity.config)
        return number

    def results(self, activity, responses, sides):
        values = [r.value for r in responses]
        counts = Counter(values)
        low, high = activity.config["min"], activity.config["max"]
        return {
            "respondents": len(values),
            "median": statistics.median(values) if values else None,
            "mean": round(statistics.fmean(values), 1) if values else None,
            "rows": [
                {
                    "label": str(n),
                    "count": counts[n],
                    "pct": round(100 * counts[n] / len(values)) if values else 0,
                }
                for n in range(low, high + 1)
            ],
        }

    chart = Poll.chart


CONSENT_ANSWERS = {
    "agree": gettext_lazy("Agree"),
    "stand_aside": gettext_lazy("Stand aside"),
    "object": gettext_lazy("Object"),
    "block": gettext_lazy("Block"),
}


class Consent(ActivityType):
    def clean(self, activity, item, value, known_items=None):
        if not isinstance(value, dict) or value.get("answer") not in CONSENT_ANSWERS:
            raise ValidationError(_("Choose agree, stand aside, object or block."))
        reason = str(value.get("reason") or "").strip()[:MAX_TEXT]
        if value["answer"] in ("object", "block") and not reason:
            raise ValidationError(_("Give a reason when you object or block."))
        return {"answer": value["answer"], "reason": reason}

    def results(self, activity, responses, sides):
        tally = Counter(r.value["answer"] for r in responses)
        per_side: dict[str, Counter] = defaultdict(Counter)
        for r in responses:
            per_side[sides.get(r.participant_id, "")][r.value["answer"]] += 1
        return {
            "respondents": len(responses),
            "answers": [
                {"key": key, "label": str(label), "count": tally[key]}
                for key, label in CONSENT_ANSWERS.items()
            ],
            "per_side": {side: dict(c) for side, c in per_side.items()},
            "reasons": [
                {"answer": str(CONSENT_ANSWERS[r.value["answer"]]), "reason": r.value["reason"]}
                for r in responses
                if r.value.get("reason")
            ],
            "blocked": tally["block"] > 0,
        }

    def chart(self, activity, results):
        from .charts import bars

        return bars([(a["label"], a["count"], str(a["count"])) for a in results["answers"]])


for _type in (
    StatementVoting(
        "statements", gettext_lazy("Statement voting"), has_items=True, needs_rows=False
    ),
    Poll("poll_single", gettext_lazy("Poll: one choice")),
    Poll("poll_multiple", gettext_lazy("Poll: several choices")),
    Scale("scale_5", gettext_lazy("Scale 1 to 5")),
    Scale("scale_10", gettext_lazy("Scale 0 to 10")),
    Consent("consent", gettext_lazy("Consent round")),
):
    activity_types.register(_type.key)(_type)


# --- more types: contributions, word cloud, ranking, allocation, 2x2 grid -----------------------


class Questions(ActivityType):
    """Q&A: participants ask (moderated), everyone upvotes the questions they want answered."""

    def clean(self, activity, item, value, known_items=None):
        if value not in (1, "1", "up", True):
            raise ValidationError(_("Upvote a question, or leave it."))
        if not _item_open(activity, item, known_items):
            raise ValidationError(_("This question is not (or no longer) open."))
        return 1

    def results(self, activity, responses, sides):
        votes = Counter(r.item for r in responses)
        rows = [
            {"id": str(q.pk), "text": q.text, "votes": votes[str(q.pk)]}
            for q in activity.statements.filter(status=StatementStatus.ACCEPTED)
        ]
        return {"questions": sorted(rows, key=lambda r: -r["votes"])}

    def chart(self, activity, results):
        from .charts import bars

        return bars([(q["text"], q["votes"], f"▲ {q['votes']}") for q in results["questions"]])


class IdeaBoard(ActivityType):
    """Ideas are collected, clustered into themes by the facilitator, then dot-voted."""

    def configure(self, options_text):
        return {"dots": 3, "phase": "collect"}

    def clean(self, activity, item, value, known_items=None):
        if activity.config.get("phase") != "vote":
            raise ValidationError(_("Dot-voting has not started yet."))
        themes = {str(pk) for pk in activity.themes.values_list("pk", flat=True)}
        if not isinstance(value, dict):
            raise ValidationError(_("Spread your dots over the themes."))
        try:
            dots = {str(k): int(v) for k, v in value.items() if str(v).strip() not in ("", "0")}
        except (TypeError, ValueError) as exc:
            raise ValidationError(_("Spread your dots over the themes.")) from exc
        if any(k not in themes or v < 0 for k, v in dots.items()):
            raise ValidationError(_("Spread your dots over the themes."))
        allowed = activity.config.get("dots", 3)
        if not 0 < sum(dots.values()) <= allowed:
            raise ValidationError(_("Use between 1 and %(n)d dots.") % {"n": allowed})
        return dots

    def results(self, activity, responses, sides):
        dots = Counter()
        for r in responses:
            dots.update(r.value)
        themes = [
            {
                "id": str(t.pk),
                "name": t.name,
                "dots": dots[str(t.pk)],
                "ideas": [i.text for i in t.ideas.filter(status=StatementStatus.ACCEPTED)],
            }
            for t in activity.themes.all()
        ]
        loose = [
            i.text
            for i in activity.statements.filter(status=StatementStatus.ACCEPTED, theme__isnull=True)
        ]
        return {
            "phase": activity.config.get("phase", "collect"),
            "themes": sorted(themes, key=lambda t: -t["dots"]),
            "loose": loose,
            "voters": len(responses),
        }

    def chart(self, activity, results):
        from .charts import bars

        if results["phase"] != "vote":
            return None  # collecting: the screen lists the ideas per theme
        dots = lambda n: ngettext("%(n)d dot", "%(n)d dots", n) % {"n": n}  # noqa: E731
        return bars([(t["name"], t["dots"], dots(t["dots"])) for t in results["themes"]])


class WordCloud(ActivityType):
    MAX_WORDS = 3

    def clean(self, activity, item, value, known_items=None):
        words = value if isinstance(value, list) else str(value or "").split(",")
        words = [" ".join(str(w).split()).lower()[:30] for w in words]
        words = [w for w in words if w]
        if not 1 <= len(words) <= self.MAX_WORDS:
            raise ValidationError(_("Give one to three words."))
        return words

    def results(self, activity, responses, sides):
        counts = Counter(w for r in responses for w in r.value)
        top = counts.most_common(40)
        most = top[0][1] if top else 1
        return {
            "respondents": len(responses),
            "words": [
                {"word": w, "count": c, "size": 1 + round(4 * c / most)} for w, c in sorted(top)
            ],
        }


def _options_for(activity) -> list[str]:
    return activity.config.get("options", [])


class Ranking(Poll):
    def configure(self, options_text):
        return {"options": Poll.configure(self, options_text)["options"]}

    def clean(self, activity, item, value, known_items=None):
        n = len(_options_for(activity))
        try:
            order = [int(v) for v in value]
        except (TypeError, ValueError) as exc:
            raise ValidationError(_("Put every option in an order.")) from exc
        if sorted(order) != list(range(n)):
            raise ValidationError(_("Put every option in an order, each once."))
        return order

    def results(self, activity, responses, sides):
        options = _options_for(activity)
        n = len(options)
        points, ranks = Counter(), {i: [] for i in range(n)}
        for r in responses:
            for position, option in enumerate(r.value):
                points[option] += n - position  # Borda count
                ranks[option].append(position + 1)
        rows = [
            {
                "label": label,
                "points": points[i],
                "mean_rank": round(statistics.fmean(ranks[i]), 1) if ranks[i] else None,
            }
            for i, label in enumerate(options)
        ]
        return {"respondents": len(responses), "ranking": sorted(rows, key=lambda r: -r["points"])}

    def chart(self, activity, results):
        from .charts import bars

        return bars([(r["label"], r["points"], _points(r["points"])) for r in results["ranking"]])


class Allocation(Poll):
    POINTS = 100

    def configure(self, options_text):
        return {"options": Poll.configure(self, options_text)["options"], "points": self.POINTS}

    def clean(self, activity, item, value, known_items=None):
        n = len(_options_for(activity))
        try:
            points = [int(v or 0) for v in value]
        except (TypeError, ValueError) as exc:
            raise ValidationError(_("Give whole numbers of points.")) from exc
        if len(points) != n or any(p < 0 for p in points):
            raise ValidationError(_("Give whole numbers of points."))
        total = activity.config.get("points", self.POINTS)
        if sum(points) != total:
            raise ValidationError(
                _("Spread exactly %(total)d points; you gave %(given)d.")
                % {"total": total, "given": sum(points)}
            )
        return points

    def results(self, activity, responses, sides):
        options = _options_for(activity)
        totals = [0] * len(options)
        for r in responses:
            for i, p in enumerate(r.value):
                totals[i] += p
        count = len(responses) or 1
        rows = [
            {"label": label, "mean": round(totals[i] / count, 1), "pct": round(totals[i] / count)}
            for i, label in enumerate(options)
        ]
        return {"respondents": len(responses), "rows": rows, "median": None}

    def chart(self, activity, results):
        from .charts import bars

        return bars([(r["label"], r["mean"], _points(r["mean"])) for r in results["rows"]])


class Grid(ActivityType):
    """Place each option on a 2x2 grid: two scales of 0 to 10 (e.g. impact and effort)."""

    def configure(self, options_text):
        axes = {"x": "", "y": ""}
        options = []
        for line in options_text.splitlines():
            line = line.strip()
            if line.lower().startswith(("x:", "y:")):
                axes[line[0].lower()] = line[2:].strip()[:60]
            elif line:
                options.append(line[:120])
        if not 1 <= len(options) <= 12:
            raise ValidationError(_("Give between 1 and 12 things to place, one per line."))
        if not axes["x"] or not axes["y"]:
            raise ValidationError(_("Name both axes: a line 'x: …' and a line 'y: …'."))
        return {"options": options, "x": axes["x"], "y": axes["y"]}

    def clean(self, activity, item, value, known_items=None):
        n = len(_options_for(activity))
        if not isinstance(value, dict):
            raise ValidationError(_("Place every item on both scales from 0 to 10."))
        placed = {}
        for i in range(n):
            point = value.get(str(i))
            try:
                x, y = int(point[0]), int(point[1])
            except (TypeError, ValueError, IndexError, KeyError) as exc:
                raise ValidationError(_("Place every item on both scales from 0 to 10.")) from exc
            if not (0 <= x <= 10 and 0 <= y <= 10):
                raise ValidationError(_("Place every item on both scales from 0 to 10."))
            placed[str(i)] = [x, y]
        return placed

    def results(self, activity, responses, sides):
        rows = []
        for i, label in enumerate(_options_for(activity)):
            points = [r.value[str(i)] for r in responses if str(i) in r.value]
            x = statistics.fmean(p[0] for p in points) if points else None
            y = statistics.fmean(p[1] for p in points) if points else None
            rows.append(
                {
                    "label": label,
                    "x": round(x, 1) if x is not None else None,
                    "y": round(y, 1) if y is not None else None,
                    "cx": f"{x * 10:.0f}" if x is not None else "",
                    "cy": f"{100 - y * 10:.0f}" if y is not None else "",
                    "n": len(points),
                }
            )
        return {
            "respondents": len(responses),
            "x": activity.config.get("x", ""),
            "y": activity.config.get("y", ""),
            "items": rows,
        }


for _type in (
    Questions("qa", gettext_lazy("Q&A with upvotes"), has_items=True),
    IdeaBoard("ideas", gettext_lazy("Idea board with dot-voting")),
    WordCloud("wordcloud", gettext_lazy("Word cloud")),
    Ranking("ranking", gettext_lazy("Poll: ranking")),
    Allocation("allocation", gettext_lazy("Poll: divide 100 points")),
    Grid("grid", gettext_lazy("Poll: placement on a 2x2 grid")),
):
    activity_types.register(_type.key)(_type)

# Kinds whose participants contribute items (statements, questions, ideas) and whether those
# wait for the facilitator before they are shown.
CONTRIBUTIONS = {"statements": True, "qa": True, "ideas": False}
