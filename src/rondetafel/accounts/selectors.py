from .models import ApiToken, ErasureRequest, User


def api_token_list(*, user: User):
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True)


def api_token_get(*, user: User, token_id) -> ApiToken | None:
    return api_token_list(user=user).filter(pk=token_id).first()


def open_erasure_request(*, user: User) -> ErasureRequest | None:
    return ErasureRequest.objects.filter(user=user, carried_out_at__isnull=True).first()


def open_erasure_requests_of(*, users) -> dict:
    """user id -> the open request, for the people a facilitator sees."""
    rows = ErasureRequest.objects.filter(user__in=users, carried_out_at__isnull=True)
    return {row.user_id: row for row in rows}
