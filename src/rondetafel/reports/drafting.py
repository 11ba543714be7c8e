"""The first draft of a report, written from the trajectory's own data in the report's
language. The facilitator edits the prose before publishing; the measured evidence stays live.

Sections are plain text: paragraphs separated by a blank line, list items starting with "- "
(`blocks` reads them back for HTML and DOCX alike)."""

from __future__ import annotations

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .constants import ReportKind
from .evidence import Evidence, evidence


def blocks(text: str) -> list[tuple[str, object]]:
    """("p", text) and ("ul", [items]) from a section's text."""
    result: list[tuple[str, object]] = []
    for chunk in text.replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in chunk.split("\n") if line.strip()]
        if not lines:
            continue
        if all(line.startswith("- ") for line in lines):
            result.append(("ul", [line[2:].strip() for line in lines]))
        else:
            result.append(("p", " ".join(lines)))
    return result


def _list(items) -> str:
    return "\n".join(f"- {item}" for item in items)


def draft(trajectory, kind: str, language: str) -> tuple[str, list[dict]]:
    with translation.override(language):
        facts = evidence(trajectory)
        if kind == ReportKind.CASE:
            return _("Case: %(title)s") % {"title": trajectory.title}, _case(trajectory, facts)
        return (
            _("Participation report: %(title)s") % {"title": trajectory.title},
            _participation(trajectory, facts),
        )


def _section(key: str, heading: str, text: str) -> dict:
    return {"key": key, "heading": heading, "text": text.strip()}


def _approach(trajectory, facts: Evidence) -> str:
    from rondetafel.agreements.models import Version
    from rondetafel.regulations.models import Rule
    from rondetafel.scenarios.models import ScenarioField

    steps = []
    if facts.intakes:
        steps.append(
            ngettext(
                "An intake with %(n)d party, to agree on one goal from every side.",
                "Intakes with %(n)d parties, to agree on one goal from every side.",
                facts.intakes,
            )
            % {"n": facts.intakes}
        )
    if facts.stakeholders_per_side:
        total = sum(n for _s, n in facts.stakeholders_per_side)
        steps.append(
            _("A stakeholder register of %(n)d stakeholders, with their interests and influence.")
            % {"n": total}
        )
    for session in facts.sessions:
        when = date_format(session.date, "j F Y") if session.date else ""
        steps.append(
            _("Session “%(title)s”%(when)s with %(n)d participants on their phones: %(methods)s.")
            % {
                "title": session.title,
                "when": f" ({when})" if when else "",
                "n": session.participants,
                "methods": ", ".join(m.lower() for m in session.methods) or _("no activities"),
            }
        )
    versions = Version.objects.filter(agreement__trajectory=trajectory).count()
    if versions:
        proposals = sum(facts.proposals.values())
        steps.append(
            ngettext(
                "The agreement reviewed article by article in %(versions)d version",
                "The agreement reviewed article by article in %(versions)d versions",
                versions,
            )
            % {"versions": versions}
            + ", "
            + ngettext(
                "with %(n)d proposal for a change.", "with %(n)d proposals for changes.", proposals
            )
            % {"n": proposals}
        )
    fields = ScenarioField.objects.filter(trajectory=trajectory).count()
    if fields:
        steps.append(_("A scenario workshop exploring forms of self-management."))
    rules = Rule.objects.filter(trajectory=trajectory, removed_at__isnull=True).count()
    if rules:
        steps.append(
            _("%(n)d municipal rules assessed by every side against the minimal framework.")
            % {"n": rules}
        )
    for signed in facts.signed:
        steps.append(
            _("The renewed %(title)s signed by every participant, each with their own signature.")
            % {"title": signed.title}
        )
    if facts.trust:
        steps.append(_("Trust measured before and after, per side."))
    return _list(steps)


def _results(facts: Evidence) -> str:
    """What was reached, in words; the measured evidence (signatures, trust per side, equality
    of voice) follows the sections, read live, so it is not repeated here."""
    lines = []
    for signed in facts.signed:
        lines.append(
            _("%(title)s signed by %(parties)s.")
            % {"title": signed.title, "parties": ", ".join(signed.parties)}
        )
    adopted = facts.proposals.get("adopted", 0)
    if adopted:
        lines.append(
            ngettext(
                "%(n)d proposed change adopted into the agreement.",
                "%(n)d proposed changes adopted into the agreement.",
                adopted,
            )
            % {"n": adopted}
        )
    if facts.decisions:
        lines.append(
            ngettext("%(n)d decision in the log.", "%(n)d decisions in the log.", facts.decisions)
            % {"n": facts.decisions}
        )
    total = sum(facts.commitments.values())
    if total:
        lines.append(
            _("%(n)d commitments followed up, %(done)d of them done.")
            % {"n": total, "done": facts.commitments.get("done", 0)}
        )
    if facts.trust:
        lines.append(_("Trust before and after, per side: see “Measured” below."))
    return _list(lines)


def _case(trajectory, facts: Evidence) -> list[dict]:
    from rondetafel.stakeholders.models import GoalStatement

    goal = GoalStatement.objects.filter(trajectory=trajectory).first()
    question = trajectory.question
    if goal:
        question += "\n\n" + _("The goal every party agreed to: %(goal)s") % {"goal": goal.text}
    return [
        _section("question", _("The question"), question),
        _section("background", _("Background"), trajectory.background),
        _section("approach", _("Approach"), _approach(trajectory, facts)),
        _section("results", _("Results"), _results(facts)),
        _section(
            "lessons",
            _("What we learned"),
            _("Write here what the parties learned, in their own words."),
        ),
    ]


def _participation(trajectory, facts: Evidence) -> list[dict]:
    from rondetafel.agreements.models import Proposal
    from rondetafel.governance.models import Decision

    at_table = [
        ngettext("%(side)s: %(n)d person", "%(side)s: %(n)d people", n) % {"side": side, "n": n}
        for side, n in facts.members_per_side
    ]
    registered = [
        ngettext("%(side)s: %(n)d stakeholder", "%(side)s: %(n)d stakeholders", n)
        % {"side": side, "n": n}
        for side, n in facts.stakeholders_per_side
    ]
    who = _("At the table:") + "\n\n" + _list(at_table)
    if registered:
        who += "\n\n" + _("In the stakeholder register:") + "\n\n" + _list(registered)
    how = []
    if facts.ladder:
        how.append(_("Level on the participation ladder: %(level)s.") % {"level": facts.ladder})
    how.append(_approach(trajectory, facts))
    came_out = [
        d.title for d in Decision.objects.filter(trajectory=trajectory).order_by("decided_on")
    ]
    done = [
        _("Adopted into the agreement: %(what)s") % {"what": p.rationale[:200]}
        for p in Proposal.objects.filter(
            version__agreement__trajectory=trajectory, status="adopted"
        )
    ] + [
        _("Not taken up: %(what)s. Why: %(why)s")
        % {"what": p.rationale[:200], "why": p.decision_reason or "—"}
        for p in Proposal.objects.filter(
            version__agreement__trajectory=trajectory, status="rejected"
        )
    ]
    done += [
        f"{d.title}: {d.consequences}"
        for d in Decision.objects.filter(trajectory=trajectory).exclude(consequences="")
    ]
    return [
        _section("who", _("Who was involved"), who),
        _section("how", _("When and how"), "\n\n".join(how)),
        _section("outcome", _("What came out"), _list(came_out) or _("Nothing decided yet.")),
        _section("done", _("What was done with it"), _list(done) or _("Nothing yet.")),
    ]
