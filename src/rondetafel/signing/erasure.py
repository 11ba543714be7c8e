"""What signing holds about an erased person, pseudonymised (AVG/GDPR article 17). The signed
PDF is not touched: it is evidence, and changing a byte would break every signature in it."""

from .models import Signatory


def person_erased(user, pseudonym: str, old_email: str) -> None:
    Signatory.objects.filter(user=user).update(
        name=pseudonym, role="", ip_address=None, user_agent="", drawing=None
    )


def what_stays(user) -> list[str]:
    """For the erasure page: the documents the person signed, which keep their name."""
    from django.utils.translation import ngettext

    count = Signatory.objects.filter(user=user, signed_at__isnull=False).count()
    if not count:
        return []
    return [
        ngettext(
            "This person signed %(n)d document. It is not changed: it is evidence of the "
            "agreement, and altering one byte would break every signature in it. Their name "
            "stays in its signature; in this platform they are shown by their pseudonym.",
            "This person signed %(n)d documents. They are not changed: they are evidence of the "
            "agreement, and altering one byte would break every signature in them. Their name "
            "stays in the signatures; in this platform they are shown by their pseudonym.",
            count,
        )
        % {"n": count}
    ]
