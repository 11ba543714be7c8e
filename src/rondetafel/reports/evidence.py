"""What a report shows as measured, read live from the trajectory (never typed in): the signed
agreement, trust before and after per side with its honest sentence, equality of voice in each
session, and the participation figures. Plain data, for HTML, PDF and DOCX alike."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext as _

from rondetafel.trajectories.selectors import side_labels


@dataclass
class Signed:
    title: str
    version: int
    signatures: int
    parties: list[str]
    completed_on: object
    sha256: str


@dataclass
class SessionFigures:
    title: str
    date: object
    participants: int
    per_side: list[tuple[str, int]]
    methods: list[str]
    voice: list  # workshops.selectors.SideVoice
    outcomes: list[str]


@dataclass
class Evidence:
    signed: list[Signed] = field(default_factory=list)
    trust: list[str] = field(default_factory=list)  # the honest sentences, per side
    sessions: list[SessionFigures] = field(default_factory=list)
    members_per_side: list[tuple[str, int]] = field(default_factory=list)
    proposals: dict = field(default_factory=dict)
    decisions: int = 0
    commitments: dict = field(default_factory=dict)
    stakeholders_per_side: list[tuple[str, int]] = field(default_factory=list)
    intakes: int = 0
    ladder: str = ""


def evidence(trajectory) -> Evidence:
    from rondetafel.agreements.models import Proposal
    from rondetafel.governance.models import Commitment, Decision
    from rondetafel.signing.models import Ceremony
    from rondetafel.stakeholders.models import GoalStatement, Intake, Stakeholder
    from rondetafel.trajectories.constants import Side
    from rondetafel.trajectories.models import Membership

    names = {**dict(Side.choices), **side_labels(trajectory)}
    result = Evidence()
    for ceremony in (
        Ceremony.objects.filter(trajectory=trajectory, status="complete")
        .select_related("version")
        .defer("document", "completion_certificate")
    ):
        signatories = list(ceremony.signatories.all())
        result.signed.append(
            Signed(
                title=ceremony.version.title,
                version=ceremony.version.number,
                signatures=sum(1 for s in signatories if s.signed_at),
                parties=sorted({s.party_name for s in signatories if s.party_name}),
                completed_on=ceremony.completed_at,
                sha256=ceremony.final_sha256 or "",
            )
        )
    result.trust = _trust_sentences(trajectory)
    result.sessions = _sessions(trajectory, names)
    result.members_per_side = [
        (str(names.get(side)) if side else _("without a party (facilitation)"), n)
        for side, n in Membership.objects.filter(trajectory=trajectory)
        .values_list("party__side")
        .annotate(n=Count("id"))
        .order_by("party__side")
    ]
    result.proposals = dict(
        Counter(
            Proposal.objects.filter(version__agreement__trajectory=trajectory).values_list(
                "status", flat=True
            )
        )
    )
    result.decisions = Decision.objects.filter(trajectory=trajectory).count()
    result.commitments = dict(
        Counter(Commitment.objects.filter(trajectory=trajectory).values_list("status", flat=True))
    )
    result.stakeholders_per_side = [
        (str(names.get(side, side)), n)
        for side, n in Stakeholder.objects.filter(trajectory=trajectory)
        .values_list("side")
        .annotate(n=Count("id"))
        .order_by("side")
    ]
    result.intakes = Intake.objects.filter(trajectory=trajectory).count()
    goal = GoalStatement.objects.filter(trajectory=trajectory).first()
    result.ladder = goal.get_ladder_level_display() if goal and goal.ladder_level else ""
    return result


def _trust_sentences(trajectory) -> list[str]:
    from rondetafel.trust import selectors as trust
    from rondetafel.trust.models import Survey

    sentences = []
    for survey in Survey.objects.filter(trajectory=trajectory):
        report = trust.report(survey)
        for group in report.groups:
            sentences.extend(c.sentence for c in group.changes if c.sentence)
    return sentences


def _sessions(trajectory, names) -> list[SessionFigures]:
    from rondetafel.workshops import selectors as sessions
    from rondetafel.workshops.models import Workshop

    figures = []
    for workshop in Workshop.objects.filter(trajectory=trajectory).exclude(status="planned"):
        activities = list(workshop.activities.exclude(status="draft"))
        attendance = Counter(workshop.participants.values_list("side", flat=True))
        figures.append(
            SessionFigures(
                title=workshop.title,
                date=workshop.starts_at,
                participants=sum(attendance.values()),
                per_side=[(str(names.get(s, s)), n) for s, n in sorted(attendance.items())],
                methods=sorted({str(a.type.label) for a in activities}),
                voice=sessions.equality_of_voice(workshop),
                outcomes=[a.outcome for a in activities if a.outcome],
            )
        )
    return figures
