from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "rondetafel.workshops"
    label = "workshops"  # "sessions" is Django's
    verbose_name = _("Sessions")

    def ready(self):
        from . import activities, progress, rules  # noqa: F401  (registers types, perms, links)
