"""The erased person's name in the sessions they joined with their account, pseudonymised."""

from .models import Participant


def person_erased(user, pseudonym: str, old_email: str) -> None:
    Participant.objects.filter(user=user).update(display_name=pseudonym)
