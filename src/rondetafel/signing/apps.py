from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SigningConfig(AppConfig):
    name = "rondetafel.signing"
    verbose_name = _("Signing")

    def ready(self) -> None:
        # permissions, the section link, and the deploy check on the CA's passphrase
        from . import checks, progress, rules  # noqa: F401
