from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "rondetafel.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from rondetafel.accounts import personal_data

        from . import erasure, phone, progress, rules  # noqa: F401  (perms, links, phone link)

        personal_data.erasure_handlers.append(erasure.person_erased)
