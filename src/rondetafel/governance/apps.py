from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "rondetafel.governance"
    label = "governance"
    verbose_name = _("Embedding: decisions, commitments, governance")

    def ready(self):
        # perms, overview links and step-5 outputs, and the decision log's feed from audit entries
        from . import feeds, progress, rules  # noqa: F401
