"""Reads for trust measurement: the survey form, the wave by its link, and the report with the
paired analysis per side (figures only for groups of at least the survey's minimum)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from rondetafel.analysis import trust as stats
from rondetafel.trajectories.constants import Side

from .instruments import INSTRUMENTS, LIKERT5, SCALE10, TEXT, YESNO
from .models import Answer, Respondent, Survey, SurveyItem, Wave

CHART_W, CHART_H, CHART_PAD = 360, 220, 40


def wave_by_token(token: str) -> Wave | None:
    return Wave.objects.select_related("survey", "survey__trajectory").filter(token=token).first()


def item_text(item: SurveyItem) -> str:
    return item.text_en if get_language() == "en" else item.text_nl


def open_waves_for_workshop(workshop) -> list[Wave]:
    return list(Wave.objects.filter(workshop=workshop, status="open").select_related("survey"))


@dataclass
class Measure:
    """What the headline figure is: a scale (mean of its items) or a single question."""

    name: str
    items: list[SurveyItem]
    low: int
    high: int


def headline(survey: Survey) -> Measure | None:
    items = list(survey.items.all())
    for key, instrument in INSTRUMENTS.items():
        members = [i for i in items if i.instrument == key]
        if instrument.scale and members:
            return Measure(str(instrument.short or instrument.name), members, 1, 5)
    for item in items:
        if item.kind in (LIKERT5, SCALE10):
            return Measure(item_text(item), [item], *((1, 5) if item.kind == LIKERT5 else (0, 10)))
    return None


@dataclass
class Change:
    before: str
    after: str
    paired: stats.PairedChange | None = None
    unpaired: stats.UnpairedChange | None = None
    pairs: int = 0
    sentence: str = ""


@dataclass
class ItemChange:
    item: SurveyItem
    text: str
    before: float
    after: float
    pairs: int


@dataclass
class YesNoChange:
    text: str
    before: str
    after: str
    result: stats.McNemar


@dataclass
class Group:
    key: str  # a side, or "all"
    label: str
    per_wave: dict  # label -> (n, mean or None)
    changes: list[Change] = field(default_factory=list)
    items: list[ItemChange] = field(default_factory=list)
    yes_no: list[YesNoChange] = field(default_factory=list)
    chart: list = field(default_factory=list)  # [(x, y, wave label, mean)]
    chart_path: str = ""


@dataclass
class Report:
    survey: Survey
    measure: Measure | None
    waves: list[Wave]
    groups: list[Group]
    alphas: dict  # wave label -> alpha or None
    flagged: int
    open_answers: list  # [(item text, [(wave label, [texts])])]
    y_ticks: list = field(default_factory=list)


def _fmt(x: float) -> str:
    return number_format(stats.round_half_up(x, 1), decimal_pos=1)  # 3,8 in Dutch


def _p(p: float) -> str:
    if p < 0.001:
        return "< " + number_format(0.001, decimal_pos=3)
    return "= " + number_format(p, decimal_pos=3)


def _who(group_key: str, group: str, n: int) -> str:
    if group_key == "all":
        return ngettext("the one respondent", "all %(n)d respondents", n) % {"n": n}
    return ngettext(
        "the one respondent from %(group)s", "the %(n)d respondents from %(group)s", n
    ) % {"n": n, "group": group}


def sentence(change: Change, group_key: str, group: str, measure: str, minimum: int) -> str:
    """The honest sentence: what changed, for whom, and what the number of pairs can carry."""
    if change.paired is None and change.unpaired is None:
        return ngettext(
            "Too few paired answers to draw a conclusion for %(group)s (%(n)d pair; at least "
            "%(min)d are needed).",
            "Too few paired answers to draw a conclusion for %(group)s (%(n)d pairs; at least "
            "%(min)d are needed).",
            change.pairs,
        ) % {"group": group, "n": change.pairs, "min": minimum}
    if change.paired is None:
        u = change.unpaired
        return _(
            "Answers could not be paired, so two groups of respondents are compared, not the "
            "same people: %(measure)s was %(before)s (%(nb)d answers) at %(wb)s and %(after)s "
            "(%(na)d answers) at %(wa)s%(p)s."
        ) % {
            "measure": measure,
            "before": _fmt(u.before_mean),
            "nb": u.before_n,
            "wb": change.before,
            "after": _fmt(u.after_mean),
            "na": u.after_n,
            "wa": change.after,
            "p": (_("; unpaired test p %(p)s") % {"p": _p(u.p)}) if u.p is not None else "",
        }
    c = change.paired
    values = {
        "measure": measure,
        "who": _who(group_key, group, c.pairs),
        "before": _fmt(c.before_mean),
        "after": _fmt(c.after_mean),
        "wb": change.before,
        "wa": change.after,
    }
    if _fmt(c.before_mean) == _fmt(c.after_mean):
        head = (
            _(
                "%(measure)s stayed at %(before)s among %(who)s who answered at both %(wb)s and "
                "%(wa)s"
            )
            % values
        )
    elif c.after_mean > c.before_mean:
        head = (
            _(
                "%(measure)s rose from %(before)s to %(after)s among %(who)s who answered at both "
                "%(wb)s and %(wa)s"
            )
            % values
        )
    else:
        head = (
            _(
                "%(measure)s fell from %(before)s to %(after)s among %(who)s who answered at both "
                "%(wb)s and %(wa)s"
            )
            % values
        )
    if c.nonzero == 0:
        tail = _("nobody's score changed.")
    elif not c.can_be_significant:
        tail = ngettext(
            "with only %(k)d person whose score changed, no test can show a clear change (the "
            "smallest possible p is %(min)s).",
            "with only %(k)d people whose score changed, no test can show a clear change (the "
            "smallest possible p is %(min)s).",
            c.nonzero,
        ) % {"k": c.nonzero, "min": number_format(c.smallest_p, decimal_pos=3)}
    elif c.wilcoxon_p < 0.05:
        tail = _("with %(n)d pairs this is a clear change (Wilcoxon p %(p)s, r = %(r)s).") % {
            "n": c.pairs,
            "p": _p(c.wilcoxon_p),
            "r": number_format(c.rank_biserial, decimal_pos=2),
        }
    else:
        tail = _("with %(n)d pairs this could well be chance (Wilcoxon p %(p)s).") % {
            "n": c.pairs,
            "p": _p(c.wilcoxon_p),
        }
    return f"{head}; {tail}"


def _scores(measure, answers_by_respondent):
    reversed_items = {str(i.pk) for i in measure.items if i.reverse}
    keys = [str(i.pk) for i in measure.items]
    out = {}
    for rid, answers in answers_by_respondent.items():
        values = {k: answers.get(k) for k in keys}
        if len(keys) == 1:
            score = values[keys[0]]
        else:
            score = stats.scale_score(values, reversed_items)
        if score is not None:
            out[rid] = score
    return out


def report(survey: Survey) -> Report:
    waves = list(survey.waves.order_by("label"))
    items = list(survey.items.all())
    measure = headline(survey)
    respondents = list(
        Respondent.objects.filter(wave__survey=survey).values_list(
            "pk", "wave__label", "code_hash", "side", "flagged"
        )
    )
    answers: dict = defaultdict(dict)
    texts: dict = defaultdict(lambda: defaultdict(list))
    wave_of = {pk: label for pk, label, _c, _s, _f in respondents}
    for rid, item_id, number, text in Answer.objects.filter(
        respondent__wave__survey=survey
    ).values_list("respondent_id", "item_id", "number", "text"):
        if text:
            texts[item_id][wave_of[rid]].append(text)
        else:
            answers[rid][str(item_id)] = number
    scores = _scores(measure, answers) if measure else {}
    minimum = survey.min_group

    # Who, per wave: only unflagged respondents can be paired.
    by_wave: dict = defaultdict(dict)  # label -> code -> (rid, side)
    for rid, label, code, side, flagged in respondents:
        if not flagged:
            by_wave[label][code] = (rid, side)
    side_of = {rid: side for rid, _l, _c, side, _f in respondents}

    present_sides = [s for s in Side if any(side_of[r] == s.value for r in side_of)]
    groups = []
    for key, label in [("all", _("all respondents"))] + [
        (s.value, str(s.label)) for s in present_sides
    ]:

        def member(rid, key=key):
            return key == "all" or side_of[rid] == key

        per_wave = {}
        for wave in waves:
            values = [
                scores[r]
                for r, *_ in respondents_in(respondents, wave.label)
                if r in scores and member(r)
            ]
            per_wave[wave.label] = (
                len(values),
                sum(values) / len(values) if stats.enough(len(values), minimum) else None,
            )
        group = Group(key=key, label=label, per_wave=per_wave)
        for before, after in zip(waves, waves[1:], strict=False):
            change = Change(before=before.label, after=after.label)
            pairs = [
                (by_wave[before.label][code][0], rid)
                for code, (rid, _side) in by_wave[after.label].items()
                if code in by_wave[before.label] and member(rid)
            ]
            scored = [(b, a) for b, a in pairs if b in scores and a in scores]
            change.pairs = len(scored)
            if stats.enough(len(scored), minimum):
                change.paired = stats.paired_change(
                    [scores[b] for b, _a in scored], [scores[a] for _b, a in scored]
                )
                for item in items:
                    both = _both_answered(answers, pairs, item)
                    if len(both) < minimum:
                        continue
                    if item.kind in (LIKERT5, SCALE10):
                        group.items.append(
                            ItemChange(
                                item=item,
                                text=item_text(item),
                                before=sum(x for x, _y in both) / len(both),
                                after=sum(y for _x, y in both) / len(both),
                                pairs=len(both),
                            )
                        )
                    elif item.kind == YESNO:
                        group.yes_no.append(
                            YesNoChange(
                                text=item_text(item),
                                before=before.label,
                                after=after.label,
                                result=stats.mcnemar(
                                    [x == 1 for x, _y in both], [y == 1 for _x, y in both]
                                ),
                            )
                        )
            elif per_wave[before.label][1] is not None and per_wave[after.label][1] is not None:
                b_vals = [
                    scores[r]
                    for r, *_ in respondents_in(respondents, before.label)
                    if r in scores and member(r)
                ]
                a_vals = [
                    scores[r]
                    for r, *_ in respondents_in(respondents, after.label)
                    if r in scores and member(r)
                ]
                if not scored:  # pairing impossible: compare the groups, and say so
                    change.unpaired = stats.unpaired_change(b_vals, a_vals)
            if measure:
                change.sentence = sentence(change, key, label, measure.name, minimum)
            group.changes.append(change)
        if measure:
            _chart(group, waves, measure)
        groups.append(group)

    alphas = {}
    if measure and len(measure.items) > 1:
        for wave in waves:
            rows = []
            for rid, *_rest in respondents_in(respondents, wave.label):
                values = [answers[rid].get(str(i.pk)) for i in measure.items]
                if all(v is not None for v in values):
                    rows.append(
                        [
                            stats.reverse(v) if i.reverse else v
                            for v, i in zip(values, measure.items, strict=True)
                        ]
                    )
            alphas[wave.label] = (
                stats.cronbach_alpha(rows) if stats.enough(len(rows), minimum) else None
            )
    open_answers = [
        (
            item_text(item),
            [(w.label, sorted(texts[item.pk][w.label])) for w in waves if texts[item.pk][w.label]],
        )
        for item in items
        if item.kind == TEXT and any(texts[item.pk].values())
    ]
    ticks = []
    if measure:
        ticks = [
            (v, _y(v, measure))
            for v in range(measure.low, measure.high + 1, 1 if measure.high <= 5 else 2)
        ]
    return Report(
        survey=survey,
        measure=measure,
        waves=waves,
        groups=groups,
        alphas=alphas,
        flagged=sum(1 for *_r, flagged in respondents if flagged),
        open_answers=open_answers,
        y_ticks=ticks,
    )


def _both_answered(answers, pairs, item) -> list[tuple[float, float]]:
    """An item's (before, after) answers from the pairs that answered it both times."""
    key = str(item.pk)
    both = [(answers[b].get(key), answers[a].get(key)) for b, a in pairs]
    return [(x, y) for x, y in both if x is not None and y is not None]


def respondents_in(respondents, label):
    return [r for r in respondents if r[1] == label]


def _y(value: float, measure: Measure) -> float:
    share = (value - measure.low) / (measure.high - measure.low)
    return round(CHART_H - CHART_PAD - share * (CHART_H - 2 * CHART_PAD), 1)


# The first and last wave stand this far inside the axes, so their figures never touch the
# axis's tick labels.
CHART_INSET = 40


def _chart(group: Group, waves: list[Wave], measure: Measure) -> None:
    left, right = CHART_PAD + CHART_INSET, CHART_W - CHART_PAD - CHART_INSET
    step = (right - left) / max(1, len(waves) - 1)
    points = []
    for i, wave in enumerate(waves):
        _n, mean = group.per_wave[wave.label]
        if mean is not None:
            x = left + i * step if len(waves) > 1 else (left + right) / 2
            points.append((round(x, 1), _y(mean, measure), wave.label, _fmt(mean)))
    group.chart = points
    group.chart_path = " ".join(f"{x},{y}" for x, y, _l, _m in points)
