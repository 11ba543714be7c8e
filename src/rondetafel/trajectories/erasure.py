"""An erased person's invitations and position, pseudonymised; their role and party stay (the
table's make-up is not about the person)."""

from .models import Invitation, Membership


def person_erased(user, pseudonym: str, old_email: str) -> None:
    Invitation.objects.filter(email__iexact=old_email).update(
        email=f"{user.pk}@erased.invalid", full_name=pseudonym
    )
    Membership.objects.filter(user=user).update(position="")
