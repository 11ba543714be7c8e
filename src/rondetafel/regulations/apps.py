from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegulationsConfig(AppConfig):
    name = "rondetafel.regulations"
    label = "regulations"
    verbose_name = _("Rules and the minimal framework")

    def ready(self):
        # perms, the overview link, open tasks, and the rule-assessing activity type
        from . import activity, progress, rules  # noqa: F401
