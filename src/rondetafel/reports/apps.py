from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "rondetafel.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from . import phone, progress, rules  # noqa: F401  (perms, links, result link on phones)
