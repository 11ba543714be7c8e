from .models import ApiToken, User


def api_token_list(*, user: User):
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True)


def api_token_get(*, user: User, token_id) -> ApiToken | None:
    return api_token_list(user=user).filter(pk=token_id).first()
