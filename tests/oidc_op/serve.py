"""Start the test OpenID provider: a fresh database, a signing key, two people (the second one
unknown to rondetafel) and one client,
then serve on the given port until killed.

    python -m tests.oidc_op.serve PORT CLIENT_ID CLIENT_SECRET REDIRECT_URI USERNAME EMAIL PASSWORD
"""

import os
import sys


def main(port, client_id, secret, redirect_uri, username, email, password) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.oidc_op.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("creatersakey", verbosity=0)
    from django.contrib.auth.models import User
    from oidc_provider.models import Client, ResponseType

    User.objects.create_user(username=username, email=email, password=password)
    # Someone the municipality knows and rondetafel does not.
    User.objects.create_user(
        username="onbekend", email="onbekend@gemeente.example", password=password
    )
    client = Client.objects.create(
        name="rondetafel",
        client_type="confidential",
        client_id=client_id,
        client_secret=secret,
        jwt_alg="RS256",
        require_consent=False,
    )
    client.redirect_uris = [redirect_uri]
    client.save()
    client.response_types.add(ResponseType.objects.get(value="code"))
    call_command("runserver", f"127.0.0.1:{port}", use_reloader=False, verbosity=0)


if __name__ == "__main__":
    main(*sys.argv[1:8])
