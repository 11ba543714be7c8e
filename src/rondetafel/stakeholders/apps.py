from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StakeholdersConfig(AppConfig):
    name = "rondetafel.stakeholders"
    label = "stakeholders"
    verbose_name = _("Stakeholders")

    def ready(self):
        from . import progress  # noqa: F401  (registers step outputs)
