from django.db import models
from django.utils.translation import gettext_lazy as _

ASSESS_KIND = "rule_assess"  # the live-session activity type: one rule at a time
DEFAULT_DECISION_WEEKS = 8  # Awb 4:13: a reasonable term; the local ordinance may set another
DEFAULT_NOTICE_WEEKS = 13  # a request comes in at least this long before the task would start


class Form(models.TextChoices):
    """The rule's form in the ordinance: it decides which deregulation moves make sense."""

    PERMIT = "permit", _("Permit")
    EXEMPTION = "exemption", _("Exemption")
    DIRECT_NORM = "norm", _("Direct norm (a ban or duty)")
    NOTIFICATION = "notification", _("Notification")
    DESIGNATION = "designation", _("Power to designate")
    POLICY = "policy", _("Policy rule (not in the ordinance)")


class Outcome(models.TextChoices):
    KEEP = "keep", _("Keep central")
    HAND_OVER = "hand_over", _("Hand over")
    CONDITIONS = "conditions", _("Hand over under conditions")
    LOOK_INTO = "look_into", _("Look into further")


class Ladder(models.TextChoices):
    """The government's role, from holding the rule to letting it go."""

    REGULATE = "regulate", _("Regulate")
    DIRECT = "direct", _("Direct")
    STIMULATE = "stimulate", _("Stimulate")
    FACILITATE = "facilitate", _("Facilitate")
    LET_GO = "let_go", _("Let go")


class Answer(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNSURE = "unsure", _("Don't know")


# The minimal framework's questions: a "yes" to any of them argues for keeping the rule central.
FRAMEWORK_QUESTIONS = (
    ("safety", _("Does it protect basic safety?")),
    ("health", _("Does it protect health?")),
    ("beyond_area", _("Is it a binding agreement that reaches beyond the area?")),
    ("higher_law", _("Does higher law require it?")),
)

# The usual deregulation moves per form, for the group to consider (method.md 4.4).
MOVES = {
    Form.PERMIT: (
        _("Drop the rule altogether"),
        _("A general rule instead of a permit"),
        _("A notification instead of a permit"),
        _("A permit without an end date"),
        _("Consent by silence (lex silencio positivo)"),
    ),
    Form.EXEMPTION: (
        _("Drop the ban the exemption is from"),
        _("A general exception in the rule itself instead of an exemption"),
        _("A notification instead of an exemption"),
    ),
    Form.DIRECT_NORM: (
        _("Drop the rule altogether"),
        _("Leave the norm to neighbourhood agreements"),
        _("Narrow the rule to what safety or health needs"),
    ),
    Form.NOTIFICATION: (
        _("Drop the notification"),
        _("Notify the neighbourhood instead of the municipality"),
    ),
    Form.DESIGNATION: (
        _("Let the neighbourhood propose the designation"),
        _("Drop the power if it is not used"),
    ),
    Form.POLICY: (
        _("Drop the policy rule"),
        _("Agree it among residents instead"),
    ),
}


class ChallengeStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ASSESSING = "assessing", _("Being assessed")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Rotterdam's criteria for a right-to-challenge request (method.md 4.3).
CHALLENGE_CRITERIA = (
    ("as_good", _("At least as good as the municipality does it now")),
    ("not_dearer", _("Not more expensive than the current budget")),
    ("added_value", _("Added value for the neighbourhood")),
)
