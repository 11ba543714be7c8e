"""Mail to an erased person (sent or waiting) is removed: its address and salutation are theirs,
and a waiting one must not go out."""

from .models import OutgoingMail


def person_erased(user, pseudonym: str, old_email: str) -> None:
    OutgoingMail.objects.filter(to__iexact=old_email).delete()
