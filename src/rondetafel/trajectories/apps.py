from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrajectoriesConfig(AppConfig):
    name = "rondetafel.trajectories"
    label = "trajectories"
    verbose_name = _("Trajectories")

    def ready(self):
        from . import progress  # noqa: F401  (registers this app's step outputs)
