"""Quotes of an erased person: their name replaced, and their consent to be quoted withdrawn
(an erasure request ends it), so reports no longer show the quote."""

from .models import Quote


def person_erased(user, pseudonym: str, old_email: str) -> None:
    Quote.objects.filter(membership__user=user).update(
        speaker=pseudonym, consent_at=None, consent_note=""
    )
