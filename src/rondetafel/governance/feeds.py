"""The decision log listens to the audit trail: an entry whose action has a registered feed
(``trajectories.decisions.decision_feeds``) becomes a decision, in the same transaction."""

from django.dispatch import receiver

from rondetafel.core.audit import audit_recorded
from rondetafel.trajectories.decisions import decision_feeds


@receiver(audit_recorded, dispatch_uid="governance.decision_log")
def log_decision(sender, entry, **kwargs) -> None:
    if entry.action not in decision_feeds:
        return
    draft = decision_feeds[entry.action](entry)
    if draft is not None:
        from .services import decision_from_source

        decision_from_source(draft)
