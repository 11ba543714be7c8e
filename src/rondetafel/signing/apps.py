from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SigningConfig(AppConfig):
    name = "rondetafel.signing"
    verbose_name = _("Signing")

    def ready(self) -> None:
        # permissions, the section link, and the deploy check on the CA's passphrase
        from rondetafel.accounts import personal_data
        from rondetafel.core import audit

        from . import checks, erasure, progress, rules  # noqa: F401

        personal_data.document_sources.append(_documents_signed_by)
        personal_data.erasure_handlers.append(erasure.person_erased)
        personal_data.erasure_explanations.append(erasure.what_stays)
        # The audit chain's seals are timestamped by this installation's TSA (ADR 0004).
        # pyHanko is imported when a seal is made or checked, not at every start.
        audit.register_timestamper(audit.Timestamper(stamp=_stamp, check=_check_stamp))


def _documents_signed_by(user):
    from . import selectors

    return selectors.documents_signed_by(user)


def _stamp(digest: bytes) -> bytes:
    from . import authority, pades

    return pades.timestamp_token(digest, authority.get())


def _check_stamp(token: bytes, digest: bytes):
    from . import authority, verifier

    return verifier.timestamp_time(token, digest, [authority.get().root.cert_asn1])
