from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SigningConfig(AppConfig):
    name = "rondetafel.signing"
    verbose_name = _("Signing")

    def ready(self) -> None:
        # permissions, the section link, and the deploy check on the CA's passphrase
        from rondetafel.accounts import personal_data
        from rondetafel.core import audit

        from . import authority, checks, pades, progress, rules, selectors, verifier  # noqa: F401

        personal_data.document_sources.append(selectors.documents_signed_by)

        # The audit chain's seals are timestamped by this installation's TSA (ADR 0004).
        audit.register_timestamper(
            audit.Timestamper(
                stamp=lambda digest: pades.timestamp_token(digest, authority.get()),
                check=lambda token, digest: verifier.timestamp_time(
                    token, digest, [authority.get().root.cert_asn1]
                ),
            )
        )
