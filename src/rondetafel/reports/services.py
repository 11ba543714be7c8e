"""Writes for reports: a draft generated from the trajectory's data, the facilitator's edits,
publishing, and quotes with the quoted person's consent."""

from __future__ import annotations

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rondetafel.trajectories.audit import audit

from .constants import LANGUAGES, FeedbackStatus, ReportKind, ReportStatus
from .drafting import draft
from .models import FeedbackAnswer, FeedbackPage, Quote, Report

MAX_SECTION = 20000


@transaction.atomic
def report_generate(*, trajectory, actor, kind: str, language: str) -> Report:
    """Write (or rewrite) the draft from the data. A published report is not overwritten."""
    if kind not in ReportKind.values:
        raise ValidationError({"kind": _("Choose a case report or a participation report.")})
    if language not in dict(LANGUAGES):
        raise ValidationError({"language": _("Choose Dutch or English.")})
    report = (
        Report.objects.select_for_update()
        .filter(trajectory=trajectory, kind=kind, language=language)
        .first()
    )
    if report is not None and report.status == ReportStatus.PUBLISHED:
        raise ValidationError(
            _("This report has been published; take it back to draft before rewriting it.")
        )
    title, sections = draft(trajectory, kind, language)
    if report is None:
        report = Report(trajectory=trajectory, kind=kind, language=language)
    report.title, report.sections, report.updated_by = title, sections, actor
    report.full_clean()
    report.save()
    audit("reports.generated", actor=actor, obj=report, trajectory=trajectory, kind=kind)
    return report


@transaction.atomic
def report_update(
    *, report: Report, actor, title: str, texts: dict[str, str], quote_ids: list
) -> Report:
    """The facilitator's edits: the title, each section's text, the quotes to include (only
    quotes the quoted person consented to)."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status == ReportStatus.PUBLISHED:
        raise ValidationError(
            _("This report has been published; take it back to draft to edit it.")
        )
    errors: dict[str, list] = {}
    if not title.strip():
        errors["title"] = [_("Give the report a title.")]
    sections = []
    for section in report.sections:
        text = texts.get(section["key"], section["text"])
        if len(text) > MAX_SECTION:
            errors[section["key"]] = [
                _("At most %(n)d characters per section.") % {"n": MAX_SECTION}
            ]
        sections.append({**section, "text": text.strip()})
    quotes = list(Quote.objects.filter(trajectory=report.trajectory_id, pk__in=quote_ids))
    if len(quotes) != len(set(map(str, quote_ids))):
        errors["quotes"] = [_("One of the quotes does not belong to this trajectory.")]
    without = [q for q in quotes if not q.has_consent]
    if without:
        errors["quotes"] = [
            _("“%(quote)s” cannot be used: %(speaker)s has not consented to it.")
            % {"quote": q.text[:60], "speaker": q.speaker}
            for q in without
        ]
    if errors:
        raise ValidationError(errors)
    report.title, report.sections, report.updated_by = title.strip(), sections, actor
    report.full_clean()
    report.save()
    report.quotes.set(quotes)
    audit("reports.edited", actor=actor, obj=report, trajectory=report.trajectory_id)
    return report


@transaction.atomic
def report_publish(*, report: Report, actor, published: bool = True) -> Report:
    report = Report.objects.select_for_update().get(pk=report.pk)
    report.status = ReportStatus.PUBLISHED if published else ReportStatus.DRAFT
    report.published_at = timezone.now() if published else None
    report.save(update_fields=["status", "published_at", "updated_at"])
    audit(
        "reports.published" if published else "reports.unpublished",
        actor=actor,
        obj=report,
        trajectory=report.trajectory_id,
    )
    return report


@transaction.atomic
def quote_create(
    *,
    trajectory,
    actor,
    text: str,
    speaker: str,
    speaker_role: str = "",
    membership=None,
    consent_note: str = "",
) -> Quote:
    """A quote; with a note of how consent was given (by e-mail, on paper) it counts as
    consented. A member with an account can also consent themselves on the quote's page."""
    if membership is not None and membership.trajectory_id != trajectory.pk:
        raise ValidationError({"membership": _("This person is not part of this trajectory.")})
    quote = Quote(
        trajectory=trajectory,
        text=text.strip(),
        speaker=speaker.strip(),
        speaker_role=speaker_role.strip(),
        membership=membership,
    )
    if consent_note.strip():
        quote.consent_at = timezone.now()
        quote.consent_note = consent_note.strip()
        quote.consent_recorded_by = actor
    quote.full_clean()
    quote.save()
    audit("reports.quote_added", actor=actor, obj=quote, trajectory=trajectory)
    return quote


@transaction.atomic
def quote_consent(*, quote: Quote, user, given: bool) -> Quote:
    """The quoted member gives or withdraws consent. Withdrawn, the quote leaves every report."""
    quote = (
        Quote.objects.select_for_update(of=("self",)).select_related("membership").get(pk=quote.pk)
    )
    if quote.membership is None or quote.membership.user_id != user.pk:
        raise PermissionDenied(_("Only the person quoted can give or withdraw consent."))
    if given:
        quote.consent_at = timezone.now()
        quote.consent_note = _("Given by %(name)s in rondetafel") % {"name": user}
        quote.consent_recorded_by = user
    else:
        quote.consent_at, quote.consent_note, quote.consent_recorded_by = None, "", None
        quote.reports.clear()
    quote.save()
    audit(
        "reports.quote_consent" if given else "reports.quote_consent_withdrawn",
        actor=user,
        obj=quote,
        trajectory=quote.trajectory_id,
    )
    return quote


# --- you said, we did ------------------------------------------------------------------------


def feedback_page_for(trajectory) -> FeedbackPage:
    """The trajectory's result page; its link exists from the start (phones get it at the end
    of a session), its content once the facilitator publishes it."""
    trajectory_id = getattr(trajectory, "pk", trajectory)  # a trajectory or its id
    page = FeedbackPage.objects.filter(trajectory_id=trajectory_id).first()
    if page is None:
        try:
            with transaction.atomic():
                page = FeedbackPage.objects.create(
                    trajectory_id=trajectory_id, token=secrets.token_urlsafe(18)
                )
        except IntegrityError:  # created by a simultaneous request
            page = FeedbackPage.objects.get(trajectory_id=trajectory_id)
    return page


@transaction.atomic
def feedback_publish(*, trajectory, actor, published: bool, intro: str = "") -> FeedbackPage:
    page = feedback_page_for(trajectory)
    page.intro = intro.strip()[:3000]
    page.published_at = timezone.now() if published else None
    page.save(update_fields=["intro", "published_at", "updated_at"])
    audit(
        "reports.feedback_published" if published else "reports.feedback_unpublished",
        actor=actor,
        obj=page,
        trajectory=trajectory,
    )
    return page


@transaction.atomic
def feedback_answer(
    *, trajectory, actor, source_key: str, status: str, text: str
) -> FeedbackAnswer:
    """The facilitator's word on what became of one contribution of this trajectory."""
    from .feedback import contributions

    if source_key not in {c.key for c in contributions(trajectory)}:
        raise ValidationError(_("This contribution is not part of this trajectory."))
    if status not in FeedbackStatus.values:
        raise ValidationError({"status": _("Choose what became of it from the list.")})
    if status == FeedbackStatus.NOT_TAKEN_UP and not text.strip():
        raise ValidationError({"text": _("Say why it was not taken up: people want to know.")})
    answer, _created = FeedbackAnswer.objects.update_or_create(
        trajectory=trajectory,
        source_key=source_key,
        defaults={"status": status, "text": text.strip()[:3000], "answered_by": actor},
    )
    audit(
        "reports.feedback_answered",
        actor=actor,
        obj=answer,
        trajectory=trajectory,
        status=status,
    )
    return answer
