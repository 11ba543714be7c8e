from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "rondetafel.governance"
    label = "governance"
    verbose_name = _("Embedding: decisions, commitments, governance")

    def ready(self):
        # perms, overview links, step-5 outputs, the decision log's feed from audit entries and
        # the worker's heartbeat in readiness
        from rondetafel.accounts import personal_data

        from . import erasure, feeds, health, progress, rules  # noqa: F401

        personal_data.erasure_handlers.append(erasure.person_erased)
