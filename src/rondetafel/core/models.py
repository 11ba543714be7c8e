import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class BaseModel(models.Model):
    """A uuid that can be shown in URLs without revealing counts, and timestamps."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("The audit log is append-only.")

    def delete(self):
        raise TypeError("The audit log is append-only.")


class AuditEntry(models.Model):
    """One line in the append-only audit log. ``entry_hash`` is an HMAC, under a key kept
    outside the database, of this entry's content and the previous entry's hash, so changing or
    removing any entry breaks every later link."""

    sequence = models.BigIntegerField(_("sequence"), unique=True)
    created_at = models.DateTimeField(_("time"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("actor"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=100)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    scope = models.CharField(_("scope"), max_length=100, blank=True, db_index=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    previous_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["sequence"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action}"


class AuditSeal(models.Model):
    """The chain's head at a moment, timestamped by the installation's time-stamping authority:
    a rewrite of any entry up to `sequence` no longer matches, even with the chain's key."""

    sequence = models.BigIntegerField(unique=True)
    entry_hash = models.CharField(max_length=64)
    token = models.BinaryField()  # RFC 3161 timestamp token over SHA-256(entry_hash)
    sealed_at = models.DateTimeField()

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["sequence"]

    def __str__(self) -> str:
        return f"seal #{self.sequence}"


class AuditHead(models.Model):
    """A single row locked while appending, so two writers never chain onto the same entry."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    sequence = models.BigIntegerField(default=0)
    entry_hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"head #{self.sequence}"
