from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "rondetafel.agreements"
    label = "agreements"
    verbose_name = _("Agreements")

    def ready(self):
        from . import progress  # noqa: F401  (registers step outputs and the section link)
