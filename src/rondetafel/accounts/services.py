import secrets

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from rondetafel.core.audit import audit_record, person_reference
from rondetafel.core.tokens import token_hash

from .models import ApiToken, ErasureRequest, User
from .personal_data import erasure_handlers


@transaction.atomic
def user_create(*, email: str, full_name: str, password: str | None = None) -> User:
    user = User(email=User.objects.normalize_email(email).lower(), full_name=full_name.strip())
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    audit_record(action="user.created", obj=user, data={"person": person_reference(user)})
    return user


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Returns the token and its secret key, which is not stored and shown only now."""
    key = "rt_" + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name.strip(), prefix=key[3:9], key_hash=token_hash(key))
    token.full_clean()
    token.save()
    audit_record(action="api_token.created", actor=user, obj=token, data={"name": token.name})
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: User) -> None:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(action="api_token.revoked", actor=actor, obj=token)


def api_token_authenticate(key: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=token_hash(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


@transaction.atomic
def erasure_request_create(*, user: User) -> ErasureRequest:
    """The person asks to be erased; a facilitator of one of their trajectories (or the operator,
    `rondetafel erase_person`) carries it out. Asking twice gives the open request."""
    User.objects.select_for_update().filter(pk=user.pk).first()
    request = ErasureRequest.objects.filter(user=user, carried_out_at__isnull=True).first()
    if request is None:
        request = ErasureRequest.objects.create(user=user)
        audit_record(action="user.erasure_requested", actor=user, obj=user)
    return request


def pseudonym_for(reference: str) -> str:
    """The name an erased person goes by: the same in every place, in the installation's first
    language (the rows keep it, whoever reads them later)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("Erased person %(code)s") % {"code": reference[2:8].upper()}


@transaction.atomic
def person_erase(*, user: User, actor: User | None) -> str:
    """Pseudonymise `user` everywhere (AVG/GDPR article 17) and return the pseudonym. The
    account can no longer log in; every app replaces the copies of the name, address and
    traces it holds (`personal_data.erasure_handlers`). Signed PDFs, aggregates and the audit
    chain stay as they are and stay valid: the chain never held the name (ADR 0027), and a
    signed document is evidence that may not change (article 17(3)(e)); the erasure page says
    so. Only a person who asked is erased."""
    user = User.objects.select_for_update().get(pk=user.pk)
    request = ErasureRequest.objects.filter(user=user, carried_out_at__isnull=True).first()
    if request is None:
        raise ValidationError(_("This person has not asked to be erased, or already is."))
    reference = person_reference(user)
    pseudonym = pseudonym_for(reference)
    old_email = user.email
    for handler in erasure_handlers:
        handler(user, pseudonym, old_email)
    user.full_name = pseudonym
    user.email = f"erased-{reference[2:22]}@erased.invalid"
    user.is_active = False
    user.is_staff = user.is_superuser = False
    user.set_unusable_password()  # also ends every session: its hash no longer fits
    user.last_login = None
    user.save()
    ApiToken.objects.filter(user=user).delete()
    TOTPDevice.objects.filter(user=user).delete()
    for label in ("axes.AccessAttempt", "axes.AccessFailureLog", "axes.AccessLog"):
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        model.objects.filter(username__iexact=old_email).delete()
    request.carried_out_at = timezone.now()
    request.carried_out_by = actor
    request.save(update_fields=["carried_out_at", "carried_out_by"])
    audit_record(action="user.erased", actor=actor, obj=user, data={"person": reference})
    return pseudonym
