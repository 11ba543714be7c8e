"""Demo: the renewed Dordrecht agreement, signed by everyone taking part. Generated when the demo
loads, with this installation's CA, so the certificates are current and the PDF verifies."""

from rondetafel.agreements.constants import VersionStatus
from rondetafel.agreements.models import Version

USER_AGENTS = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148",
    "Mozilla/5.0 (Linux; Android 15; Pixel 8) AppleWebKit/537.36 Chrome/131.0 Mobile Safari/537.36",
)


def build(dordrecht, facilitator) -> None:
    from rondetafel.signing import services
    from rondetafel.signing.constants import AuthMethod, SignatoryChoice, SigningOrder

    version = Version.objects.get(agreement__trajectory=dordrecht, status=VersionStatus.ADOPTED)
    ceremony = services.ceremony_open(
        version=version,
        actor=facilitator,
        choice=SignatoryChoice.EVERYONE,
        order=SigningOrder.PARALLEL,
    )
    for i, signatory in enumerate(ceremony.signatories.select_related("user")):
        services.sign(
            signatory=signatory,
            actor=signatory.user,
            method=AuthMethod.ROOM,
            code=ceremony.room_code,
            confirmed=True,
            ip_address=f"192.0.2.{10 + i}",  # documentation range: no real addresses in a demo
            user_agent=USER_AGENTS[i % len(USER_AGENTS)],
            notify=False,  # 27 e-mails to invented addresses on every first start helps nobody
        )
