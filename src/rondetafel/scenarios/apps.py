from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScenariosConfig(AppConfig):
    name = "rondetafel.scenarios"
    label = "scenarios"
    verbose_name = _("Scenario workshop")

    def ready(self):
        # perms, the overview link, and the pair-judging activity type for live sessions
        from . import activity, progress, proposals, rules, scoring  # noqa: F401
