"""Every write of trust measurement: surveys, waves, invitations and answers."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import override

from rondetafel.core.tokens import token_hash
from rondetafel.trajectories.audit import audit
from rondetafel.trajectories.constants import Side

from .instruments import INSTRUMENTS, KINDS, RANGES, TEXT, YESNO
from .models import Answer, Respondent, Survey, SurveyItem, Wave, WaveStatus

WAVE_LABELS = ("T0", "T1", "T2")
MAX_CODE = 40
MAX_TEXT = 2000


@transaction.atomic
def survey_create(
    *, trajectory, actor, title: str, instruments: list[str], party: str = "", min_group: int = 5
) -> Survey:
    unknown = [key for key in instruments if key not in INSTRUMENTS]
    if unknown or not instruments:
        raise ValidationError({"instruments": _("Choose at least one instrument from the list.")})
    if any(INSTRUMENTS[key].needs_party for key in instruments) and not party.strip():
        raise ValidationError(
            {"party": _("Name the party the inter-organisational trust items are about.")}
        )
    if not 3 <= min_group <= 50:
        raise ValidationError({"min_group": _("The smallest group must be between 3 and 50.")})
    survey = Survey.objects.create(
        trajectory=trajectory,
        title=title,
        party=party.strip(),
        min_group=min_group,
        salt=secrets.token_hex(16),
    )
    position = 0
    for key in instruments:
        for item in INSTRUMENTS[key].items:
            SurveyItem.objects.create(
                survey=survey,
                position=position,
                instrument=key,
                key=item.key,
                kind=item.kind,
                text_nl=item.nl.replace("{party}", survey.party),
                text_en=item.en.replace("{party}", survey.party),
                reverse=item.reverse,
            )
            position += 1
    audit(
        "trust.survey_created",
        actor=actor,
        obj=survey,
        trajectory=survey.trajectory_id,
        instruments=instruments,
    )
    return survey


@transaction.atomic
def item_add(*, survey: Survey, actor, kind: str, text_nl: str, text_en: str = "") -> SurveyItem:
    """A custom question; once answers exist, questions can no longer be added."""
    if kind not in KINDS:
        raise ValidationError({"kind": _("Choose a kind of answer.")})
    if not text_nl.strip():
        raise ValidationError({"text_nl": _("Write the question.")})
    if Respondent.objects.filter(wave__survey=survey).exists():
        raise ValidationError(_("People have answered already: the questions are fixed now."))
    position = (
        survey.items.order_by("-position").values_list("position", flat=True).first() or 0
    ) + 1
    item = SurveyItem.objects.create(
        survey=survey,
        position=position,
        instrument="custom",
        key=f"custom{position}",
        kind=kind,
        text_nl=text_nl.strip()[:400],
        text_en=(text_en or text_nl).strip()[:400],
    )
    audit("trust.item_added", actor=actor, obj=item, trajectory=survey.trajectory_id, kind=kind)
    return item


@transaction.atomic
def wave_open(*, survey: Survey, actor, label: str, moment: str = "", workshop=None) -> Wave:
    if label not in WAVE_LABELS:
        raise ValidationError({"label": _("A wave is T0, T1 or T2.")})
    if survey.waves.filter(label=label).exists():
        raise ValidationError(
            {"label": _("This survey already has a wave %(label)s.") % {"label": label}}
        )
    if workshop is not None and workshop.trajectory_id != survey.trajectory_id:
        raise ValidationError({"workshop": _("That session belongs to another trajectory.")})
    wave = Wave.objects.create(
        survey=survey,
        label=label,
        moment=moment,
        workshop=workshop,
        token=secrets.token_urlsafe(18),
    )
    audit("trust.wave_opened", actor=actor, obj=wave, trajectory=survey.trajectory_id, label=label)
    _tell_phones(wave)
    return wave


@transaction.atomic
def wave_set_status(*, wave: Wave, actor, status: str) -> Wave:
    if status not in WaveStatus.values:
        raise ValidationError(_("Unknown status."))
    wave.status = status
    wave.save(update_fields=["status", "updated_at"])
    audit(
        "trust.wave_status",
        actor=actor,
        obj=wave,
        trajectory=wave.survey.trajectory_id,
        status=status,
    )
    _tell_phones(wave)
    return wave


def _tell_phones(wave: Wave) -> None:
    """A wave filled in during a session: the phones show (or drop) its link at once."""
    if wave.workshop_id:
        from rondetafel.workshops.events import changed

        changed(wave.workshop_id)


def invite(*, wave: Wave, actor, link: str) -> int:
    """E-mail the wave's link to every member of the trajectory (in Dutch, the default)."""
    from rondetafel.trajectories.models import Membership

    if wave.status != WaveStatus.OPEN:
        raise ValidationError(_("This wave is closed."))
    sent = 0
    members = Membership.objects.filter(trajectory=wave.survey.trajectory_id).select_related("user")
    for membership in members:
        user = membership.user
        with override(settings.LANGUAGE_CODE):
            send_mail(
                _("A short questionnaire about trust: %(title)s") % {"title": wave.survey.title},
                _(
                    "Would you take three minutes to answer a few questions about trust in "
                    "this collaboration (%(wave)s)? Your answers are pseudonymous: you choose a "
                    "code yourself, so that your answers now and later can be compared without "
                    "your name.\n\n%(link)s"
                )
                % {"wave": wave.label, "link": link},
                None,
                [user.email],
            )
        sent += 1
    audit("trust.invited", actor=actor, obj=wave, trajectory=wave.survey.trajectory_id, sent=sent)
    return sent


def code_hash(survey: Survey, code: str) -> str:
    normal = "".join(code.split()).upper()
    key = f"{settings.SECRET_KEY}:{survey.salt}".encode()
    return hmac.new(key, normal.encode(), hashlib.sha256).hexdigest()


def device_hash(device: str) -> str:
    return token_hash(device)


def _clean_answers(survey: Survey, raw: dict) -> dict[SurveyItem, tuple[float | None, str]]:
    """raw: item id (str) -> value as typed. Every error names its question."""
    errors = {}
    clean: dict[SurveyItem, tuple[float | None, str]] = {}
    for item in survey.items.all():
        value = raw.get(str(item.pk))
        value = "" if value is None else str(value).strip()
        if item.kind == TEXT:
            if len(value) > MAX_TEXT:
                errors[str(item.pk)] = _("Keep the answer under %(n)d characters.") % {
                    "n": MAX_TEXT
                }
            elif value:
                clean[item] = (None, value)
            continue
        if value == "":
            continue  # every question may be skipped
        low, high = RANGES[item.kind]
        try:
            number = float(value.replace(",", "."))
        except ValueError:
            number = None
        if number is None or not number.is_integer() or not low <= number <= high:
            if item.kind == YESNO:
                errors[str(item.pk)] = _("Answer yes or no.")
            else:
                errors[str(item.pk)] = _("Choose a whole number from %(low)d to %(high)d.") % {
                    "low": low,
                    "high": high,
                }
            continue
        clean[item] = (number, "")
    if errors:
        raise ValidationError(errors)
    return clean


@transaction.atomic
def respond(*, wave: Wave, code: str, side: str, answers: dict, device: str) -> Respondent:
    """Store one filled-in survey. Nothing is stored when any answer is out of range."""
    wave = Wave.objects.select_for_update().select_related("survey").get(pk=wave.pk)
    if wave.status != WaveStatus.OPEN:
        raise ValidationError(_("This questionnaire is closed; answers are no longer accepted."))
    code = (code or "").strip()
    if not 3 <= len(code) <= MAX_CODE:
        raise ValidationError({"code": _("Choose a code of 3 to 40 characters.")})
    if side not in Side.values:
        raise ValidationError({"side": _("Choose your side.")})
    clean = _clean_answers(wave.survey, answers)
    if not clean:
        raise ValidationError(_("Answer at least one question."))
    hashed, device_key = code_hash(wave.survey, code), device_hash(device)
    same_code = list(Respondent.objects.filter(wave=wave, code_hash=hashed))
    mine = next((r for r in same_code if r.device_hash == device_key), None)
    if mine is not None:
        mine.answers.all().delete()  # a second submission replaces the first
        mine.side = side
        mine.save(update_fields=["side", "updated_at"])
        respondent = mine
    else:
        respondent = Respondent.objects.create(
            wave=wave,
            code_hash=hashed,
            device_hash=device_key,
            side=side,
            flagged=bool(same_code),
        )
        if same_code:  # someone else chose this code too: neither can be paired reliably
            Respondent.objects.filter(pk__in=[r.pk for r in same_code]).update(flagged=True)
    Answer.objects.bulk_create(
        [
            Answer(respondent=respondent, item=item, number=number, text=text)
            for item, (number, text) in clean.items()
        ]
    )
    return respondent
