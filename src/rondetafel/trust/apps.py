from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrustConfig(AppConfig):
    name = "rondetafel.trust"
    label = "trust"
    verbose_name = _("Trust")

    def ready(self):
        from . import phone, progress, rules  # noqa: F401  (registers perms, links, phone notices)
