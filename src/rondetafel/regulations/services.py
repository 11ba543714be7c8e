"""Writes: the rules inventory, assessments, decisions, the framework into an agreement, and
right-to-challenge requests. Imports live in `importing`."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from rondetafel.trajectories.audit import audit

from .constants import (
    ASSESS_KIND,
    CHALLENGE_CRITERIA,
    FRAMEWORK_QUESTIONS,
    Answer,
    ChallengeStatus,
    Form,
    Ladder,
    Outcome,
)
from .models import (
    Assessment,
    ChallengeReport,
    ChallengeRequest,
    ChallengeStep,
    ChallengeTerms,
    Cluster,
    Decision,
    Rule,
    SideTally,
)

# --- the inventory ----------------------------------------------------------------------------


def guess_form(text: str) -> str:
    """The rule's likely form from the ordinance's wording; the facilitator can change it."""
    lowered = text.lower()
    if "vergunning" in lowered:
        return "permit"  # Form.PERMIT
    if "ontheffing" in lowered:
        return "exemption"  # Form.EXEMPTION
    if "melding" in lowered:
        return "notification"  # Form.NOTIFICATION
    if re.search(r"\baan(wijzen|gewezen)\b|\bwijst\b.*\baan\b", lowered):
        return "designation"  # Form.DESIGNATION
    return "norm"  # Form.DIRECT_NORM


def _next_order(trajectory) -> int:
    return (Rule.objects.filter(trajectory=trajectory).aggregate(m=Max("order"))["m"] or 0) + 1


@transaction.atomic
def rules_from_provisions(*, trajectory, actor, provisions, cluster=None, holder="") -> list[Rule]:
    """Put articles, or single members of them, in scope: each item is a Provision or a
    (Provision, member number) pair. What is in the inventory already is left as it is."""
    wanted = [item if isinstance(item, tuple) else (item, "") for item in provisions]
    if not wanted:
        raise ValidationError(_("Choose at least one article."))
    if any(p.regulation.trajectory_id != trajectory.pk for p, _m in wanted):
        raise ValidationError(_("These articles belong to another trajectory."))
    if cluster is not None and cluster.trajectory_id != trajectory.pk:
        raise ValidationError(_("This cluster belongs to another trajectory."))
    present = set(
        Rule.objects.filter(
            trajectory=trajectory,
            provision__in=[p for p, _m in wanted],
            removed_at__isnull=True,
        ).values_list("provision_id", "member")
    )
    order = _next_order(trajectory)
    added = []
    for provision, member in wanted:
        if (provision.pk, member) in present:
            continue
        text = provision.member_text(member)
        if text is None:
            raise ValidationError(
                _("Article %(number)s has no member %(member)s.")
                % {"number": provision.number, "member": member}
            )
        title = provision.heading or provision.citation()
        added.append(
            Rule(
                trajectory=trajectory,
                provision=provision,
                member=member,
                title=(f"{title}, lid {member}" if member else title)[:300],
                text=text,
                cluster=cluster,
                holder=holder[:200],
                form=guess_form(text),
                order=order,
            )
        )
        present.add((provision.pk, member))
        order += 1
    Rule.objects.bulk_create(added)
    audit(
        "regulations.rules_added",
        actor=actor,
        trajectory=trajectory,
        cited=[r.citation for r in added],
    )
    return added


@transaction.atomic
def rule_add_policy(*, trajectory, actor, title: str, text: str, cluster=None, holder="") -> Rule:
    """A rule that is policy rather than ordinance, written in by hand."""
    if cluster is not None and cluster.trajectory_id != trajectory.pk:
        raise ValidationError(_("This cluster belongs to another trajectory."))
    rule = Rule(
        trajectory=trajectory,
        title=title.strip(),
        text=text.strip(),
        cluster=cluster,
        holder=holder.strip(),
        form=Form.POLICY,
        order=_next_order(trajectory),
    )
    rule.full_clean()
    rule.save()
    audit("regulations.rule_added", actor=actor, obj=rule, trajectory=trajectory, title=rule.title)
    return rule


@transaction.atomic
def rule_update(*, rule: Rule, actor, cluster=None, holder: str, form: str) -> Rule:
    if cluster is not None and cluster.trajectory_id != rule.trajectory_id:
        raise ValidationError(_("This cluster belongs to another trajectory."))
    if form not in Form.values:
        raise ValidationError({"form": _("Choose the rule's form.")})
    rule.cluster, rule.holder, rule.form = cluster, holder.strip()[:200], form
    rule.save(update_fields=["cluster", "holder", "form", "updated_at"])
    audit("regulations.rule_updated", actor=actor, obj=rule, trajectory=rule.trajectory_id)
    return rule


@transaction.atomic
def rule_remove(*, rule: Rule, actor) -> Rule:
    """Out of the inventory; its assessments stay on record but no new ones are taken."""
    rule.removed_at = timezone.now()
    rule.save(update_fields=["removed_at", "updated_at"])
    audit("regulations.rule_removed", actor=actor, obj=rule, trajectory=rule.trajectory_id)
    return rule


@transaction.atomic
def rule_reviewed(*, rule: Rule, actor) -> Rule:
    """The group looked at the changed article again: the flag goes."""
    rule.needs_review = False
    rule.save(update_fields=["needs_review", "updated_at"])
    Decision.objects.filter(rule=rule).update(needs_review=False)
    audit("regulations.rule_reviewed", actor=actor, obj=rule, trajectory=rule.trajectory_id)
    return rule


@transaction.atomic
def cluster_add(*, trajectory, actor, name: str) -> Cluster:
    name = name.strip()[:120]
    if not name:
        raise ValidationError({"name": _("Name the cluster.")})
    if Cluster.objects.filter(trajectory=trajectory, name=name).exists():
        raise ValidationError({"name": _("There is a cluster with this name already.")})
    order = (Cluster.objects.filter(trajectory=trajectory).aggregate(m=Max("order"))["m"] or 0) + 1
    cluster = Cluster.objects.create(trajectory=trajectory, name=name, order=order)
    audit("regulations.cluster_added", actor=actor, obj=cluster, trajectory=trajectory, name=name)
    return cluster


# --- assessments ------------------------------------------------------------------------------

ASSESSMENT_FIELDS = (*(key for key, _label in FRAMEWORK_QUESTIONS), "outcome", "role")


def clean_assessment(data) -> dict:
    """An assessment from a form or a phone's message: each framework question answered, an
    outcome and a role, a reason; conditions when handing over under conditions."""
    errors: dict[str, str] = {}
    out: dict[str, str] = {}
    for key, _label in FRAMEWORK_QUESTIONS:
        value = str(data.get(key) or "")
        if value not in Answer.values:
            errors[key] = _("Answer yes, no or don't know.")
        out[key] = value
    out["outcome"] = str(data.get("outcome") or "")
    if out["outcome"] not in Outcome.values:
        errors["outcome"] = _("Choose what should happen to the rule.")
    out["role"] = str(data.get("role") or "")
    if out["role"] not in Ladder.values:
        errors["role"] = _("Choose the government's role.")
    out["reason"] = str(data.get("reason") or "").strip()[:1000]
    out["conditions"] = str(data.get("conditions") or "").strip()[:1000]
    if not out["reason"]:
        errors["reason"] = _("Give your reason.")
    if out["outcome"] == Outcome.CONDITIONS and not out["conditions"]:
        errors["conditions"] = _("Say under which conditions.")
    if errors:
        raise ValidationError(errors)
    return out


def _open_rule(rule: Rule) -> None:
    if rule.removed_at is not None:
        raise ValidationError(
            _("This rule was taken out of the inventory; your assessment was not saved.")
        )


@transaction.atomic
def assessment_save(*, rule: Rule, user, data) -> Assessment:
    """A member's own assessment, at their own pace; saving again replaces it."""
    from rondetafel.trajectories.models import Membership

    rule = Rule.objects.select_for_update().get(pk=rule.pk)
    _open_rule(rule)
    values = clean_assessment(data)
    membership = (
        Membership.objects.filter(trajectory=rule.trajectory_id, user=user)
        .select_related("party")
        .first()
    )
    if membership is None:
        raise ValidationError(_("Only people at the table can assess the rules."))
    side = membership.party.side if membership.party else "other"
    assessment, _created = Assessment.objects.update_or_create(
        rule=rule,
        user=user,
        defaults={**values, "side": side, "party": membership.party, "needs_review": False},
    )
    retally([rule.pk])
    audit(
        "regulations.assessed",
        actor=user,
        obj=rule,
        trajectory=rule.trajectory_id,
        outcome=values["outcome"],
    )
    return assessment


def sync_session_answers(activity_id) -> None:
    """A live session's answers as assessments (one per participant and rule), so that every
    page reads one table. Called after commit when the activity's answers changed."""
    from rondetafel.workshops.models import Activity, Response

    activity = Activity.objects.filter(pk=activity_id).select_related("workshop").first()
    if activity is None:
        return
    rules = {
        str(r.pk): r
        for r in Rule.objects.filter(
            trajectory=activity.workshop.trajectory_id, removed_at__isnull=True
        )
    }
    parties = _parties_of_participants(activity)
    existing = {
        (a.rule_id, a.participant_id): a
        for a in Assessment.objects.filter(
            participant__workshop=activity.workshop_id, rule__in=list(rules.values())
        )
    }
    new, changed = [], []
    for response in Response.objects.filter(activity=activity).select_related("participant"):
        rule = rules.get(response.item)
        if rule is None:
            continue
        values = {k: response.value.get(k, "") for k in (*ASSESSMENT_FIELDS, "reason")}
        values["conditions"] = response.value.get("conditions", "")
        row = existing.get((rule.pk, response.participant_id))
        if row is None:
            new.append(
                Assessment(
                    rule=rule,
                    participant=response.participant,
                    side=response.participant.side,
                    party_id=parties.get(response.participant_id),
                    **values,
                )
            )
        elif any(getattr(row, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(row, k, v)
            row.needs_review = False
            changed.append(row)
    with transaction.atomic():
        Assessment.objects.bulk_create(new)
        Assessment.objects.bulk_update(
            changed, [*ASSESSMENT_FIELDS, "reason", "conditions", "needs_review"]
        )
        retally({a.rule_id for a in (*new, *changed)})


TALLIED = (*Outcome.values, *Ladder.values, *(key for key, _label in FRAMEWORK_QUESTIONS))


def retally(rule_ids) -> None:
    """Recount the per-side tallies of these rules from their assessments (one grouped query);
    every write of assessments ends with it."""
    rule_ids = list(set(rule_ids))
    counts = {
        **{f"c_{o}": Count("id", filter=Q(outcome=o)) for o in Outcome.values},
        **{f"c_{r}": Count("id", filter=Q(role=r)) for r in Ladder.values},
        **{f"c_{k}": Count("id", filter=Q(**{k: Answer.YES})) for k, _l in FRAMEWORK_QUESTIONS},
    }
    rows = (
        Assessment.objects.filter(rule_id__in=rule_ids)
        .values("rule_id", "side")
        .annotate(c_n=Count("id"), **counts)
        .order_by()
    )
    tallies = [
        SideTally(
            rule_id=row["rule_id"],
            side=row["side"],
            n=row["c_n"],
            **{name: row[f"c_{name}"] for name in TALLIED},
        )
        for row in rows
    ]
    SideTally.objects.filter(rule_id__in=rule_ids).delete()
    SideTally.objects.bulk_create(tallies, batch_size=500)


def _parties_of_participants(activity) -> dict:
    from rondetafel.trajectories.models import Membership

    users = dict(
        activity.workshop.participants.filter(user__isnull=False).values_list("user_id", "pk")
    )
    return {
        users[user_id]: party_id
        for user_id, party_id in Membership.objects.filter(
            trajectory=activity.workshop.trajectory_id, user__in=list(users)
        ).values_list("user_id", "party_id")
    }


@transaction.atomic
def assessing_start(*, trajectory, workshop, actor, rules=None):
    """A live-session activity in which the room assesses the rules one at a time."""
    from rondetafel.workshops import services as workshops

    if workshop.trajectory_id != trajectory.pk:
        raise ValidationError(_("This session belongs to another trajectory."))
    rules = list(rules if rules is not None else Rule.objects.filter(trajectory=trajectory))
    rules = [r for r in rules if r.removed_at is None and r.trajectory_id == trajectory.pk]
    if not rules:
        raise ValidationError(_("Put rules in the inventory first."))
    return workshops.activity_add(
        workshop=workshop,
        actor=actor,
        kind=ASSESS_KIND,
        title=_("Which rules can the neighbourhood take over?"),
        options_text="\n".join(str(r.pk) for r in rules),
    )


# --- decisions --------------------------------------------------------------------------------


@transaction.atomic
def decision_record(
    *, rule: Rule, actor, outcome: str, role: str, reason: str, conditions: str = ""
) -> Decision:
    _open_rule(rule)
    errors = {}
    if outcome not in Outcome.values:
        errors["outcome"] = _("Choose the outcome.")
    if role not in Ladder.values:
        errors["role"] = _("Choose the government's role.")
    if not reason.strip():
        errors["reason"] = _("Give the reason; the framework document cites it.")
    if outcome == Outcome.CONDITIONS and not conditions.strip():
        errors["conditions"] = _("Say under which conditions.")
    if errors:
        raise ValidationError(errors)
    decision, _created = Decision.objects.update_or_create(
        rule=rule,
        defaults={
            "outcome": outcome,
            "role": role,
            "reason": reason.strip()[:2000],
            "conditions": conditions.strip()[:2000],
            "decided_by": actor,
            "needs_review": False,
        },
    )
    if rule.needs_review:
        Rule.objects.filter(pk=rule.pk).update(needs_review=False)
    audit(
        "regulations.decided",
        actor=actor,
        obj=rule,
        trajectory=rule.trajectory_id,
        outcome=outcome,
        role=role,
        reason=decision.reason,
    )
    return decision


@transaction.atomic
def framework_to_agreement(*, trajectory, actor, title: str = "", version=None):
    """The minimal framework as draft articles ("Buurtafspraken"): one section per part, one
    article per decided rule, citing the article it comes from. Into a new draft agreement,
    or, given `version`, at the end of that draft."""
    from rondetafel.agreements import services as agreements
    from rondetafel.agreements.structure import ParsedAgreement, ParsedArticle, ParsedSection

    from . import selectors

    framework = selectors.framework(trajectory)
    if not framework.decided:
        raise ValidationError(_("Decide on at least one rule first."))
    if version is not None and version.agreement.trajectory_id != trajectory.pk:
        raise ValidationError(_("This agreement belongs to another trajectory."))
    parsed = ParsedAgreement(title=title)
    for part in framework.parts:
        entries = [e for e in part.entries if e.decision is not None]
        if entries:
            parsed.sections.append(
                ParsedSection(
                    heading=str(part.heading),
                    kind="agreements",
                    articles=[
                        ParsedArticle(heading=e.rule.title[:300], lines=_article_lines(e))
                        for e in entries
                    ],
                )
            )
    if version is None:
        number = 0
        for section in parsed.sections:
            for article in section.articles:
                number += 1
                article.number = str(number)
        version = agreements.agreement_create(
            trajectory=trajectory,
            actor=actor,
            title=title.strip() or _("Neighbourhood agreements"),
            parsed=parsed,
        )
    else:
        for section in parsed.sections:
            for article in section.articles:
                agreements.article_append(
                    version=version,
                    actor=actor,
                    heading=article.heading,
                    text=article.text,
                    section_heading=section.heading,
                    source="regulations:framework",
                )
    audit("regulations.framework_to_agreement", actor=actor, obj=version, trajectory=trajectory)
    return version


def _article_lines(entry) -> list[str]:
    lines = [entry.statement]
    if entry.decision.conditions:
        lines.append(_("Conditions: %(c)s") % {"c": entry.decision.conditions})
    lines.append(_("Reason: %(r)s") % {"r": entry.decision.reason})
    if entry.rule.citation:
        lines.append(_("Source: %(citation)s") % {"citation": entry.rule.citation})
    return lines


# --- right to challenge -----------------------------------------------------------------------


def terms_of(trajectory) -> ChallengeTerms:
    terms, _created = ChallengeTerms.objects.get_or_create(trajectory=trajectory)
    return terms


def terms_update(*, trajectory, actor, decision_weeks: int, notice_weeks: int) -> ChallengeTerms:
    if not 1 <= decision_weeks <= 52 or not 0 <= notice_weeks <= 104:
        raise ValidationError(_("Give the terms in weeks: 1 to 52 to decide, 0 to 104 notice."))
    terms = terms_of(trajectory)
    terms.decision_weeks, terms.notice_weeks = decision_weeks, notice_weeks
    terms.save(update_fields=["decision_weeks", "notice_weeks", "updated_at"])
    audit(
        "regulations.challenge_terms",
        actor=actor,
        trajectory=trajectory,
        decision_weeks=decision_weeks,
        notice_weeks=notice_weeks,
    )
    return terms


REQUIRED_PARTS = ("organisation", "rooted", "task", "plan", "added_value", "support")


@transaction.atomic
def challenge_submit(*, trajectory, requester, data: dict, rules=(), today: date | None = None):
    today = today or timezone.localdate()
    terms = terms_of(trajectory)
    errors = {}
    for key in REQUIRED_PARTS:
        if not str(data.get(key) or "").strip():
            errors[key] = _("This part of the request is required.")
    start_on = data.get("start_on")
    if not isinstance(start_on, date):
        errors["start_on"] = _("Give the date you would start.")
    elif start_on < today + timedelta(weeks=terms.notice_weeks):
        errors["start_on"] = _(
            "A request comes in at least %(n)d weeks before the start: start on %(date)s or later."
        ) % {
            "n": terms.notice_weeks,
            "date": (today + timedelta(weeks=terms.notice_weeks)).strftime("%d-%m-%Y"),
        }
    budget = data.get("current_budget")
    if budget is not None and (not isinstance(budget, Decimal) or budget < 0):
        errors["current_budget"] = _("Give the budget as an amount in euro, or leave it empty.")
    if errors:
        raise ValidationError(errors)
    rules = [r for r in rules if r.trajectory_id == trajectory.pk]
    request = ChallengeRequest(
        trajectory=trajectory,
        requester=requester,
        decision_due=today + timedelta(weeks=terms.decision_weeks),
        current_budget=budget,
        supporters=int(data.get("supporters") or 0),
        start_on=start_on,
        **{key: str(data[key]).strip() for key in REQUIRED_PARTS},
    )
    request.full_clean()
    request.save()
    request.rules.set(rules)
    _step(request, ChallengeStatus.SUBMITTED, requester, "")
    audit(
        "regulations.challenge_submitted",
        actor=requester,
        obj=request,
        trajectory=trajectory,
        task=request.task[:200],
        decision_due=request.decision_due.isoformat(),
    )
    return request


def _step(request, status, actor, note) -> ChallengeStep:
    return ChallengeStep.objects.create(request=request, status=status, actor=actor, note=note)


def _open_request(request) -> ChallengeRequest:
    request = ChallengeRequest.objects.select_for_update().get(pk=request.pk)
    if not request.open:
        raise ValidationError(_("This request has been decided or withdrawn already."))
    return request


@transaction.atomic
def challenge_assess(*, request, actor, criteria: dict, note: str = "") -> ChallengeRequest:
    """The municipality's assessment against its criteria, each met or not with a note."""
    request = _open_request(request)
    out = {}
    for key, _label in CHALLENGE_CRITERIA:
        item = criteria.get(key) or {}
        if item.get("met") not in (True, False):
            raise ValidationError({key: _("Say for each criterion whether it is met.")})
        out[key] = {"met": item["met"], "note": str(item.get("note") or "").strip()[:1000]}
    request.criteria = out
    request.status = ChallengeStatus.ASSESSING
    request.save(update_fields=["criteria", "status", "updated_at"])
    _step(request, ChallengeStatus.ASSESSING, actor, note.strip()[:4000])
    audit(
        "regulations.challenge_assessed",
        actor=actor,
        obj=request,
        trajectory=request.trajectory_id,
        criteria={k: v["met"] for k, v in out.items()},
    )
    return request


@transaction.atomic
def challenge_decide(*, request, actor, granted: bool, reason: str) -> ChallengeRequest:
    request = _open_request(request)
    if not request.criteria:
        raise ValidationError(_("Assess the request against the criteria before deciding."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reasons for the decision.")})
    if granted and not all(v["met"] for v in request.criteria.values()):
        raise ValidationError(
            _("A request that does not meet every criterion cannot be granted; change the "
              "assessment first, with its reasons.")
        )  # fmt: skip
    request.status = ChallengeStatus.GRANTED if granted else ChallengeStatus.REFUSED
    request.decision_reason = reason.strip()[:4000]
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decision_reason", "decided_at", "updated_at"])
    _step(request, request.status, actor, request.decision_reason)
    audit(
        "regulations.challenge_decided",
        actor=actor,
        obj=request,
        trajectory=request.trajectory_id,
        status=request.status,
        late=timezone.localdate() > request.decision_due,
    )
    return request


@transaction.atomic
def challenge_withdraw(*, request, actor) -> ChallengeRequest:
    request = _open_request(request)
    if actor.pk != request.requester_id:
        raise ValidationError(_("Only the requester can withdraw a request."))
    request.status = ChallengeStatus.WITHDRAWN
    request.save(update_fields=["status", "updated_at"])
    _step(request, ChallengeStatus.WITHDRAWN, actor, "")
    audit(
        "regulations.challenge_withdrawn",
        actor=actor,
        obj=request,
        trajectory=request.trajectory_id,
    )
    return request


@transaction.atomic
def challenge_report(*, request, actor, year: int, text: str, spent=None) -> ChallengeReport:
    """The yearly account of a granted request."""
    if request.status != ChallengeStatus.GRANTED:
        raise ValidationError(_("Only a granted request is accounted for."))
    if not text.strip():
        raise ValidationError({"text": _("Say what was done this year.")})
    if request.decided_at and year < request.decided_at.year:
        raise ValidationError({"year": _("The account is for a year after the decision.")})
    if ChallengeReport.objects.filter(request=request, year=year).exists():
        raise ValidationError({"year": _("There is an account for this year already.")})
    report = ChallengeReport.objects.create(
        request=request, year=year, text=text.strip()[:6000], spent=spent, submitted_by=actor
    )
    _step(request, request.status, actor, _("Account for %(year)d submitted.") % {"year": year})
    audit(
        "regulations.challenge_reported",
        actor=actor,
        obj=request,
        trajectory=request.trajectory_id,
        year=year,
    )
    return report


REMIND_DAYS_BEFORE = 7


def challenge_reminders(*, today: date | None = None) -> int:
    """Mail the municipality (the trajectory's facilitators and clients) about every open
    request whose decision is due within a week or overdue, once a day at most. Returns how
    many requests were reminded of. Run daily: `rondetafel challenge_reminders`."""
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.utils import translation

    from rondetafel.trajectories.constants import Role
    from rondetafel.trajectories.models import Membership

    today = today or timezone.localdate()
    due = (
        ChallengeRequest.objects.filter(
            status__in=[ChallengeStatus.SUBMITTED, ChallengeStatus.ASSESSING],
            decision_due__lte=today + timedelta(days=REMIND_DAYS_BEFORE),
        )
        .exclude(reminded_on=today)
        .select_related("trajectory")
    )
    reminded = 0
    for request in due:
        recipients = list(
            Membership.objects.filter(
                trajectory=request.trajectory_id, role__in=[Role.FACILITATOR, Role.CLIENT]
            ).values_list("user__email", flat=True)
        )
        if not recipients:
            continue
        days = (request.decision_due - today).days
        with translation.override("nl"):
            send_mail(
                subject=_("Right to challenge: decide by %(date)s")
                % {"date": request.decision_due.strftime("%d-%m-%Y")},
                message=render_to_string(
                    "regulations/email/challenge_reminder.txt",
                    {"request": request, "days": days, "late": -days},
                ),
                from_email=None,
                recipient_list=recipients,
            )
        ChallengeRequest.objects.filter(pk=request.pk).update(reminded_on=today)
        audit(
            "regulations.challenge_reminded",
            actor=None,
            obj=request,
            trajectory=request.trajectory_id,
            days_left=days,
            recipients=len(recipients),
        )
        reminded += 1
    return reminded
