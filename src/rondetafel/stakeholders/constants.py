from django.db import models
from django.utils.translation import gettext_lazy as _

from rondetafel.analysis.stakeholders import Quadrant, Salience


class Kind(models.TextChoices):
    ORGANISATION = "organisation", _("Organisation")
    PERSON = "person", _("Person")


class Attitude(models.TextChoices):
    UNAWARE = "unaware", _("Unaware")
    RESISTANT = "resistant", _("Resistant")
    NEUTRAL = "neutral", _("Neutral")
    SUPPORTIVE = "supportive", _("Supportive")
    LEADING = "leading", _("Leading")


class Engagement(models.TextChoices):
    """IAP2 Spectrum of Public Participation."""

    INFORM = "inform", _("Inform")
    CONSULT = "consult", _("Consult")
    INVOLVE = "involve", _("Involve")
    COLLABORATE = "collaborate", _("Collaborate")
    EMPOWER = "empower", _("Empower")


# IAP2's promise to the public per level (reference data, iap2canada.ca; paraphrased in Dutch).
IAP2_PROMISE = {
    Engagement.INFORM: _("We will keep you informed."),
    Engagement.CONSULT: _(
        "We will keep you informed, listen to and acknowledge concerns and aspirations, and "
        "provide feedback on how your input influenced the decision."
    ),
    Engagement.INVOLVE: _(
        "We will work with you to ensure that your concerns and aspirations are directly "
        "reflected in the alternatives developed, and provide feedback on how your input "
        "influenced the decision."
    ),
    Engagement.COLLABORATE: _(
        "We will look to you for advice and innovation in formulating solutions and incorporate "
        "your advice and recommendations into the decisions to the maximum extent possible."
    ),
    Engagement.EMPOWER: _("We will implement what you decide."),
}


class Ladder(models.TextChoices):
    """The Dutch participatieladder (Edelenbos & Monnikhof 1998)."""

    INFORM = "informeren", _("Informing")
    CONSULT = "raadplegen", _("Consulting")
    ADVISE = "adviseren", _("Advising")
    COPRODUCE = "coproduceren", _("Co-producing")
    CODECIDE = "meebeslissen", _("Co-deciding")


LADDER_MEANING = {
    Ladder.INFORM: _("The municipality sets the agenda and informs; there is no input."),
    Ladder.CONSULT: _(
        "The municipality largely sets the agenda; participants are conversation partners, "
        "without commitment to the results."
    ),
    Ladder.ADVISE: _(
        "Participants may raise problems and solutions; the municipality commits to the "
        "results in principle and explains any deviation."
    ),
    Ladder.COPRODUCE: _(
        "Municipality and participants define the problem and seek solutions together; the "
        "agreed solution binds the decision."
    ),
    Ladder.CODECIDE: _(
        "The municipality leaves developing and deciding the policy to the participants, "
        "within prior frameworks, and adopts the results."
    ),
}


class Verdict(models.TextChoices):
    AGREE = "agree", _("Agree")
    AGREE_WITH_REMARK = "agree_remark", _("Agree, with a remark")
    NOT_YET = "not_yet", _("Not yet")


QUADRANT_LABEL = {
    Quadrant.MONITOR: _("Monitor (minimal effort)"),
    Quadrant.KEEP_INFORMED: _("Keep informed"),
    Quadrant.KEEP_SATISFIED: _("Keep satisfied"),
    Quadrant.MANAGE_CLOSELY: _("Manage closely (key player)"),
}
QUADRANT_STRATEGY = {
    Quadrant.MONITOR: _("Watch for changes; inform through general channels."),
    Quadrant.KEEP_INFORMED: _("Regular updates; they can form coalitions and gain power."),
    Quadrant.KEEP_SATISFIED: _("Meet their needs; avoid provoking them into becoming active."),
    Quadrant.MANAGE_CLOSELY: _("Involve in decisions; regular, detailed two-way contact."),
}
SALIENCE_LABEL = {
    Salience.NON_STAKEHOLDER: _("Non-stakeholder"),
    Salience.DORMANT: _("Dormant"),
    Salience.DISCRETIONARY: _("Discretionary"),
    Salience.DEMANDING: _("Demanding"),
    Salience.DOMINANT: _("Dominant"),
    Salience.DANGEROUS: _("Dangerous"),
    Salience.DEPENDENT: _("Dependent"),
    Salience.DEFINITIVE: _("Definitive"),
}


class RelationshipKind(models.TextChoices):
    FORMAL = "formal", _("Formal (contract, mandate)")
    COLLABORATION = "collaboration", _("Collaboration")
    DEPENDENCY = "dependency", _("Dependency")
    INFLUENCE = "influence", _("Influence")
    INFORMAL = "informal", _("Informal contact")


class Channel(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("E-mail")
    LETTER = "letter", _("Letter")
    VISIT = "visit", _("Site visit")
    SESSION = "session", _("Session")
    OTHER = "other", _("Other")


class CommitmentStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")
