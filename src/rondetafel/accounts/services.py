import secrets

from django.db import transaction
from django.utils import timezone

from rondetafel.core.audit import audit_record
from rondetafel.core.tokens import token_hash

from .models import ApiToken, User


@transaction.atomic
def user_create(*, email: str, full_name: str, password: str | None = None) -> User:
    user = User(email=User.objects.normalize_email(email).lower(), full_name=full_name.strip())
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    audit_record(action="user.created", obj=user, data={"email": user.email})
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
