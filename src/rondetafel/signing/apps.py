from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SigningConfig(AppConfig):
    name = "rondetafel.signing"
    verbose_name = _("Signing")

    def ready(self) -> None:
        from . import progress, rules  # noqa: F401  (registers permissions and the section link)
