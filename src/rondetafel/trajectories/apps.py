from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrajectoriesConfig(AppConfig):
    name = "rondetafel.trajectories"
    label = "trajectories"
    verbose_name = _("Trajectories")

    def ready(self):
        from rondetafel.accounts import personal_data, two_factor

        from . import erasure, progress  # noqa: F401  (progress registers the step outputs)

        personal_data.erasure_handlers.append(erasure.person_erased)
        two_factor.required_for.append(_facilitates_a_trajectory)


def _facilitates_a_trajectory(user) -> bool:
    """Facilitators must log in with a second factor (ADR 0028)."""
    from .constants import Role
    from .models import Membership

    return Membership.objects.filter(user=user, role=Role.FACILITATOR).exists()
