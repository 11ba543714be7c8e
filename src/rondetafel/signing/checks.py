"""`rondetafel check --deploy`: the CA's passphrase must not sit in the data directory beside
the CA (issue 20, finding 14)."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def passphrase_kept_apart(app_configs=None, **kwargs):
    if settings.SIGNING_CA_PASSPHRASE:
        return []
    kept = Path(settings.SIGNING_CA_PASSPHRASE_FILE or settings.DATA_DIR).resolve()
    data = Path(settings.DATA_DIR).resolve()
    if settings.SIGNING_CA_PASSPHRASE_FILE and data not in kept.parents and kept != data:
        return []
    return [
        Warning(
            "The signing CA's passphrase is kept in the data directory, beside the CA: a copy "
            "of that directory (or of a backup) carries both.",
            hint="Set RONDETAFEL_SIGNING_CA_PASSPHRASE_FILE to a file outside "
            f"{data} (deploy/rondetafel.env), or RONDETAFEL_SIGNING_CA_PASSPHRASE.",
            id="signing.W001",
        )
    ]
