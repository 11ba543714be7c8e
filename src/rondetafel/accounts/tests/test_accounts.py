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
        assert Client().login(username="observer@test.example", password="Nieuw-Wachtwoord-77")

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
