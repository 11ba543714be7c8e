from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrajectoriesConfig(AppConfig):
    name = "rondetafel.trajectories"
    label = "trajectories"
    verbose_name = _("Trajectories")

    def ready(self):
        from rondetafel.accounts import personal_data

        from . import erasure, progress  # noqa: F401  (progress registers the step outputs)

        personal_data.erasure_handlers.append(erasure.person_erased)
