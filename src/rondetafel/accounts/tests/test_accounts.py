import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from conftest import client_for
from rondetafel.accounts.models import ApiToken

pytestmark = pytest.mark.django_db


class LoginTests:
    def test_wrong_password_is_explained(self, world):
        response = Client().post(
            reverse("accounts:login"), {"username": "participant@test.example", "password": "nee"}
        )
        assert response.status_code == 200
        assert "horen niet bij elkaar" in response.content.decode()

    def test_log_in_and_out(self, world):
        client = Client()
        response = client.post(
            reverse("accounts:login"),
            {"username": "participant@test.example", "password": "pw-Geheim-123"},
        )
        assert response.status_code == 302
        assert client.get(reverse("trajectories:list")).status_code == 200
        client.post(reverse("accounts:logout"))
        assert client.get(reverse("trajectories:list")).status_code == 302


class ThrottleTests:
    def test_five_wrong_passwords_lock_that_account_from_that_address_only(self, world):
        def attempt(password, address="198.51.100.7", username="participant@test.example"):
            return Client(REMOTE_ADDR=address).post(
                reverse("accounts:login"), {"username": username, "password": password}
            )

        for _ in range(4):
            assert attempt("fout").status_code == 200
        assert attempt("fout").status_code == 429  # the fifth wrong one locks
        locked = attempt("pw-Geheim-123")  # the right one, too late
        assert locked.status_code == 429
        page = locked.content.decode()
        assert "Te veel pogingen" in page and "vijftien minuten" in page
        # Another account from the same venue, and the same account from elsewhere: not locked.
        assert attempt("pw-Geheim-123", username="observer@test.example").status_code == 302
        assert attempt("pw-Geheim-123", address="203.0.113.8").status_code == 302

    def test_reset_mails_are_limited_per_address_without_saying_so(self, world):
        client = Client(REMOTE_ADDR="198.51.100.9")
        for _ in range(5):
            response = client.post(
                reverse("accounts:password_reset"), {"email": "observer@test.example"}
            )
            assert response.status_code == 302
            assert response.url == reverse("accounts:password_reset_done")
        assert len(mail.outbox) == 3
        # From another address the same person's mailbox is still protected.
        Client(REMOTE_ADDR="203.0.113.10").post(
            reverse("accounts:password_reset"), {"email": "observer@test.example"}
        )
        assert len(mail.outbox) == 3


class PasswordResetTests:
    def test_reset_by_mail_link(self, world):
        client = Client()
        client.post(reverse("accounts:password_reset"), {"email": "observer@test.example"})
        assert len(mail.outbox) == 1
        path = re.search(r"https?://[^/]+(/account/reset/\S+/)", mail.outbox[0].body).group(1)
        response = client.get(path, follow=True)
        form_url = response.redirect_chain[-1][0]
        response = client.post(
            form_url,
            {"new_password1": "Nieuw-Wachtwoord-77", "new_password2": "Nieuw-Wachtwoord-77"},
        )
        assert response.status_code == 302
        logged_in = Client().post(
            reverse("accounts:login"),
            {"username": "observer@test.example", "password": "Nieuw-Wachtwoord-77"},
        )
        assert logged_in.status_code == 302

    def test_unknown_address_sends_nothing_and_says_the_same(self, world):
        response = Client().post(
            reverse("accounts:password_reset"), {"email": "niemand@test.example"}
        )
        assert response.status_code == 302
        assert mail.outbox == []


class TokenTests:
    def test_token_is_shown_once_and_only_its_hash_is_kept(self, world):
        client = client_for(world, "client")
        page = client.post(reverse("accounts:account"), {"name": "rapportage"}).content.decode()
        key = re.search(r'id="new-token">(rt_[^<]+)<', page).group(1)
        token = ApiToken.objects.get(user=world.users["client"])
        assert key not in (token.key_hash, token.prefix) and token.prefix in key
        assert key not in client.get(reverse("accounts:account")).content.decode()
        api = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
        assert api.get("/api/trajectories").status_code == 200

    def test_empty_token_name_is_refused(self, world):
        client = client_for(world, "client")
        response = client.post(reverse("accounts:account"), {"name": ""})
        assert "Dit veld is verplicht" in response.content.decode()
        assert not ApiToken.objects.exists()
