from django.db import models
from django.utils.translation import gettext_lazy as _


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    ADOPTED = "adopted", _("Adopted")
    OPEN_FOR_SIGNING = "signing", _("Open for signing")
    SIGNED = "signed", _("Signed")
    SUPERSEDED = "superseded", _("Superseded")


# Which status may follow which. Only drafts can be edited; from "in review" on the text is frozen.
TRANSITIONS = {
    VersionStatus.DRAFT: {VersionStatus.IN_REVIEW, VersionStatus.ADOPTED},
    VersionStatus.IN_REVIEW: {VersionStatus.ADOPTED},
    VersionStatus.ADOPTED: {VersionStatus.IN_REVIEW, VersionStatus.OPEN_FOR_SIGNING},
    VersionStatus.OPEN_FOR_SIGNING: {VersionStatus.SIGNED, VersionStatus.ADOPTED},
    VersionStatus.SIGNED: {VersionStatus.IN_REVIEW},
    VersionStatus.SUPERSEDED: set(),
}

# Set by the signing ceremony only (rondetafel.signing), never by hand on the version page.
SIGNING_STATUSES = {VersionStatus.OPEN_FOR_SIGNING, VersionStatus.SIGNED}


class SectionKind(models.TextChoices):
    RECITALS = "recitals", _("Recitals")
    AMBITION = "ambition", _("Ambition")
    AGREEMENTS = "agreements", _("Agreements")
    ANNEX = "annex", _("Annex")
    OTHER = "other", _("Other")


class Verdict(models.TextChoices):
    KEEP = "keep", _("Keep")
    AMEND = "amend", _("Amend")
    DELETE = "delete", _("Delete")


class ProposalKind(models.TextChoices):
    AMEND = "amend", _("Amend the article")
    DELETE = "delete", _("Delete the article")
    NEW = "new", _("New article")


class ProposalStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ADOPTED = "adopted", _("Adopted")
    REJECTED = "rejected", _("Rejected")


class DecisionMethod(models.TextChoices):
    CONSENT = "consent", _("Consent round")
    VOTE = "vote", _("Vote")
    FACILITATOR = "facilitator", _("Facilitator decision after discussion")


# A consent round's answers; a vote uses the first three as for / abstain / against.
TALLY_KEYS = ("agree", "stand_aside", "object", "block")
TALLY_LABELS = {
    "agree": _("Agree / for"),
    "stand_aside": _("Stand aside / abstain"),
    "object": _("Object / against"),
    "block": _("Block"),
}
