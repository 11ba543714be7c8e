"""Two activity types this app plugs into live sessions (ADR 0016, 0021):

- `article_review`: in a sub-session round whose groups are the sections of an agreement
  version, each phone reads its group's articles as cards, gives a verdict per article (which
  it can change until the round closes) and proposes changes (`services.phone_proposal`).
- `proposal_consent`: in plenary, the open proposals one at a time, with their redline; each
  phone consents, stands aside, objects or blocks (with a reason); the facilitator's "decide"
  makes the result, counted per side, the proposal's decision."""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rondetafel.agreements.constants import ProposalKind, ProposalStatus, Verdict
from rondetafel.agreements.models import Article, Proposal, Version
from rondetafel.agreements.redline import redline_html
from rondetafel.workshops.activities import ActivityType, register
from rondetafel.workshops.activities.consent import CONSENT_ANSWERS
from rondetafel.workshops.constants import MAX_TEXT

from .constants import CONSENT_KIND, REVIEW_KIND


def _version_id(options_text: str) -> str:
    try:
        version_id = str(uuid.UUID(options_text.strip()))
    except ValueError as exc:
        raise ValidationError(_("Start this from “Agreement in sessions”.")) from exc
    if not Version.objects.filter(pk=version_id).exists():
        raise ValidationError(_("Start this from “Agreement in sessions”."))
    return version_id


class ArticleReview(ActivityType):
    has_items = True
    counts_for_voice = True
    offered_in_console = False  # started from "Agreement in sessions"
    template_dir = "article_review"

    def configure(self, options_text):
        return {"version": _version_id(options_text)}

    def value_from_fields(self, activity, fields):
        return {"verdict": fields.get("verdict", "")}

    def clean(self, activity, item, value, known_items=None):
        if not Article.objects.filter(
            pk=_uuid_or_none(item), section__version_id=activity.config.get("version")
        ).exists():
            raise ValidationError(_("This article is not part of this review."))
        verdict = value.get("verdict") if isinstance(value, dict) else None
        if verdict not in Verdict.values:
            raise ValidationError(_("Choose keep, amend or delete."))
        return {"verdict": verdict}

    def results(self, activity, responses, sides):
        from .models import SectionGroup

        counts: dict[str, Counter] = defaultdict(Counter)
        for r in responses:
            counts[r.item][r.value.get("verdict")] += 1
        proposals = Counter(
            str(a)
            for a in Proposal.objects.filter(version_id=activity.config.get("version"))
            .exclude(article__isnull=True)
            .values_list("article_id", flat=True)
        )
        groups = []
        for group in (
            SectionGroup.objects.filter(subgroup__block=activity.block_id)
            .select_related("section", "subgroup")
            .order_by("subgroup__position")
        ):
            articles = list(group.section.articles.all()) if group.section else []
            groups.append(
                {
                    "heading": group.heading,
                    "removed": group.section is None,
                    "articles": [
                        {
                            "label": str(a),
                            "keep": counts[str(a.pk)]["keep"],
                            "amend": counts[str(a.pk)]["amend"],
                            "delete": counts[str(a.pk)]["delete"],
                            "proposals": proposals[str(a.pk)],
                        }
                        for a in articles
                    ],
                }
            )
        return {"groups": groups, "verdicts": len(responses)}

    def phone_context(self, activity, participant):
        from rondetafel.workshops.models import Response

        from .services import section_of

        mine = section_of(activity=activity, participant=participant)
        articles = list(mine.section.articles.all()) if mine and mine.section else []
        verdicts = dict(
            Response.objects.filter(activity=activity, participant=participant).values_list(
                "item", "value__verdict"
            )
        )
        is_host = mine is not None and mine.subgroup.host_id == participant.pk
        members, report = [], None
        if is_host:
            from rondetafel.workshops.models import GroupMember, Participant

            from .models import GroupReport

            in_group = GroupMember.objects.filter(subgroup=mine.subgroup_id).values("participant")
            members = list(Participant.objects.filter(pk__in=in_group).exclude(pk=participant.pk))
            report = GroupReport.objects.filter(subgroup=mine.subgroup_id).first()
        return {
            "group": mine,
            "is_host": is_host,
            "members": members,
            "report": report,
            "articles": [(a, verdicts.get(str(a.pk))) for a in articles],
            "verdicts": Verdict.choices,
            "kinds": ProposalKind.choices,
            "my_proposals": list(
                Proposal.objects.filter(origin=f"participant:{participant.pk}")
                .select_related("article")
                .order_by("created_at")
            ),
            "answer": verdicts or None,
        }

    def export_value(self, activity, value):
        return value.get("verdict", "") if isinstance(value, dict) else str(value)

    def simulate(self, activity, rng):
        ids = Article.objects.filter(section__version_id=activity.config.get("version"))
        return [
            (str(pk), {"verdict": rng.choice(["keep", "keep", "amend"])})
            for pk in ids.values_list("pk", flat=True)[:5]
        ]


class ProposalConsent(ActivityType):
    has_items = True
    offered_in_console = False  # started from "Agreement in sessions"
    records_outcome = False  # each proposal's decision is recorded on the proposal itself
    template_dir = "proposal_consent"

    def configure(self, options_text):
        from .services import queue

        version_id = _version_id(options_text)
        ids = [str(p.pk) for p in queue(Version.objects.get(pk=version_id))]
        if not ids:
            raise ValidationError(_("There are no open proposals on this version to decide."))
        return {"version": version_id, "proposals": ids, "current": 0}

    def phone_state(self, activity) -> str:
        return str(activity.config.get("current", 0))  # the proposal the room is at

    def current(self, activity) -> Proposal | None:
        ids = activity.config.get("proposals", [])
        index = activity.config.get("current", 0)
        if not 0 <= index < len(ids):
            return None
        return Proposal.objects.filter(pk=ids[index]).select_related("article", "section").first()

    def value_from_fields(self, activity, fields):
        return {"answer": fields.get("value", ""), "reason": fields.get("reason", "")}

    def clean(self, activity, item, value, known_items=None):
        proposal = self.current(activity)
        if proposal is None or str(proposal.pk) != str(item):
            raise ValidationError(_("The room has moved on to another proposal."))
        if proposal.status != ProposalStatus.OPEN:
            raise ValidationError(_("This proposal has been decided already."))
        if not isinstance(value, dict) or value.get("answer") not in CONSENT_ANSWERS:
            raise ValidationError(_("Choose agree, stand aside, object or block."))
        reason = str(value.get("reason") or "").strip()[:MAX_TEXT]
        if value["answer"] in ("object", "block") and not reason:
            raise ValidationError(_("Give a reason when you object or block."))
        return {"answer": value["answer"], "reason": reason}

    def results(self, activity, responses, sides):
        proposal = self.current(activity)
        ids = activity.config.get("proposals", [])
        decided = {
            str(p.pk): p
            for p in Proposal.objects.filter(pk__in=ids).exclude(status=ProposalStatus.OPEN)
        }
        # Every proposal of every group, section by section, with where it stands.
        current_id = ids[activity.config.get("current", 0)] if proposal is not None else None
        sections: dict = {}
        for p in (
            Proposal.objects.filter(pk__in=ids)
            .select_related("section", "article")
            .order_by("section__order", "article__order", "created_at")
        ):
            sections.setdefault(p.section.heading if p.section_id else "", []).append(
                {
                    "label": _label(p),
                    "status": p.get_status_display(),
                    "current": str(p.pk) == current_id,
                }
            )
        result = {
            "queue": [{"section": k, "items": v} for k, v in sections.items()],
            "position": activity.config.get("current", 0) + 1,
            "of": len(ids),
            "decided": [
                {"label": _label(p), "status": p.get_status_display(), "tally": p.tally}
                for i in ids
                if (p := decided.get(i)) is not None
            ],
            "proposal": None,
        }
        if proposal is None:
            return result
        mine = [r for r in responses if r.item == str(proposal.pk)]
        tally = Counter(r.value.get("answer") for r in mine)
        per_side: dict[str, Counter] = defaultdict(Counter)
        for r in mine:
            per_side[sides.get(r.participant_id, "")][r.value.get("answer")] += 1
        result["proposal"] = {
            "label": _label(proposal),
            "rationale": proposal.rationale,
            "redline": _redline(proposal),
            "status": proposal.status,
        }
        result["answers"] = [
            {"key": k, "label": str(label), "count": tally[k]}
            for k, label in CONSENT_ANSWERS.items()
        ]
        result["per_side"] = {
            side: [
                {"label": str(CONSENT_ANSWERS.get(k, k)), "count": n} for k, n in c.most_common()
            ]
            for side, c in per_side.items()
        }
        result["reasons"] = [
            {"answer": str(CONSENT_ANSWERS[r.value["answer"]]), "reason": r.value["reason"]}
            for r in mine
            if r.value.get("reason")
        ]
        result["blocked"] = tally["block"] > 0
        return result

    def chart(self, activity, results):
        from rondetafel.workshops.charts import bars

        if not results.get("proposal"):
            return None
        return bars([(a["label"], a["count"], str(a["count"])) for a in results["answers"]])

    def phone_context(self, activity, participant):
        from rondetafel.workshops.models import Response

        proposal = self.current(activity)
        answer = None
        if proposal is not None:
            answer = (
                Response.objects.filter(
                    activity=activity, participant=participant, item=str(proposal.pk)
                )
                .values_list("value", flat=True)
                .first()
            )
        return {
            "proposal": proposal,
            "label": _label(proposal) if proposal else "",
            "redline": _redline(proposal) if proposal else "",
            "answer": answer,
            "choices": list(CONSENT_ANSWERS.items()),
        }

    def simulate(self, activity, rng):
        proposal = self.current(activity)
        if proposal is None:
            return []
        return [
            (
                str(proposal.pk),
                {"answer": rng.choice(["agree", "agree", "stand_aside"]), "reason": ""},
            )
        ]

    def command(self, activity, actor, command, data):
        if command != "decide":
            return False
        from .services import consent_decide

        consent_decide(activity=activity, actor=actor)
        return True


def _uuid_or_none(value):
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def _label(proposal: Proposal) -> str:
    where = str(proposal.article) if proposal.article_id else (proposal.heading or "")
    return f"{proposal.get_kind_display()}: {where}".strip(": ")


def _redline(proposal: Proposal) -> str:
    old = proposal.article.text if proposal.article_id else ""
    new = "" if proposal.kind == ProposalKind.DELETE else proposal.text
    return redline_html(old, new)


register(ArticleReview(REVIEW_KIND, gettext_lazy("Agreement: review your section in groups")))
register(ProposalConsent(CONSENT_KIND, gettext_lazy("Agreement: consent on the proposals")))
