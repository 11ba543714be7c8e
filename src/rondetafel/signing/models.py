from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rondetafel.core.models import BaseModel

from .constants import AuthMethod, CeremonyStatus, SigningOrder


class Ceremony(BaseModel):
    """Signing one adopted agreement version: the document as it grows, one signature at a time."""

    version = models.ForeignKey(
        "agreements.Version", on_delete=models.PROTECT, related_name="ceremonies"
    )
    trajectory = models.ForeignKey(
        "trajectories.Trajectory", on_delete=models.CASCADE, related_name="ceremonies"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=CeremonyStatus.choices, default=CeremonyStatus.OPEN
    )
    order = models.CharField(
        _("signing order"),
        max_length=20,
        choices=SigningOrder.choices,
        default=SigningOrder.PARALLEL,
    )
    room_code = models.CharField(_("room code"), max_length=12)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    # The document lives in the database, next to the row that is locked while it grows: a
    # signature and the bytes it produced commit together or not at all.
    document = models.BinaryField(_("document"))
    original_sha256 = models.CharField(_("fingerprint before signing"), max_length=64)
    final_sha256 = models.CharField(_("final fingerprint"), max_length=64, blank=True)
    completion_certificate = models.BinaryField(_("completion certificate"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("signing ceremony")
        verbose_name_plural = _("signing ceremonies")
        constraints = [
            models.UniqueConstraint(
                fields=["version"],
                condition=~Q(status="cancelled"),
                name="one_live_ceremony_per_version",
                violation_error_message=_("This version is already open for signing."),
            )
        ]

    def __str__(self) -> str:
        return str(self.version)


class Signatory(BaseModel):
    ceremony = models.ForeignKey(Ceremony, on_delete=models.CASCADE, related_name="signatories")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="signatures"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    field_name = models.CharField(max_length=20)
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=150, blank=True)
    party_name = models.CharField(_("party"), max_length=200, blank=True)
    side = models.CharField(_("side"), max_length=20, blank=True)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    auth_method = models.CharField(
        _("authentication"), max_length=10, choices=AuthMethod.choices, blank=True
    )
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=400, blank=True)
    sha256_before = models.CharField(max_length=64, blank=True)
    sha256_after = models.CharField(max_length=64, blank=True)
    certificate_serial = models.CharField(max_length=60, blank=True)
    drawing = models.BinaryField(null=True, blank=True)
    failed_codes = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        constraints = [
            models.UniqueConstraint(
                fields=["ceremony", "user"],
                name="sign_once_per_ceremony",
                violation_error_message=_("This person is already on the list."),
            ),
            models.UniqueConstraint(
                fields=["ceremony", "position"], name="one_signatory_per_place"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def signed(self) -> bool:
        return self.signed_at is not None


class EmailCode(BaseModel):
    """A one-time code sent to a signatory's e-mail address. Only its keyed hash is stored."""

    signatory = models.ForeignKey(Signatory, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
