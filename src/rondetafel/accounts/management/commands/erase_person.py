from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from rondetafel.accounts.models import User
from rondetafel.accounts.services import erasure_request_create, person_erase


class Command(BaseCommand):
    help = (
        "Erase (pseudonymise) a person by e-mail address, as the operator, for example someone "
        "in no trajectory. Without --yes it only says what it would do."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--yes", action="store_true", help="carry it out")

    def handle(self, *args, email, yes, **options):
        user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
        if user is None:
            raise CommandError(f"No active account has the address {email!r}.")
        if not yes:
            self.stdout.write(
                f"Would erase {user.full_name} <{user.email}>: name and address replaced by a "
                "pseudonym everywhere, account closed; signed PDFs stay as they are. "
                "Run again with --yes to do it."
            )
            return
        erasure_request_create(user=user)  # the operator records the request they received
        try:
            pseudonym = person_erase(user=user, actor=None)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"Erased: the person is now {pseudonym!r} everywhere.")
