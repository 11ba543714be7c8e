"""Log-in through the municipality's identity provider, for real: an OpenID provider
(django-oidc-provider) runs in its own process on loopback; a facilitator goes from rondetafel's
log-in page to the provider's, back, and through rondetafel's own second factor. A replayed
answer and a person the platform does not know are refused in words."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import assert_accessible, authenticator_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]
PHONE = {"width": 390, "height": 844}
OP_PASSWORD = "Gemeente-Wachtwoord-1"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def provider(live_server, tmp_path, settings):
    port = _free_port()
    op = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "RONDETAFEL_"))}
    env.update(OIDC_OP_DATABASE=str(tmp_path / "op.sqlite3"), OIDC_OP_URL=op)
    process = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "tests.oidc_op.serve",
            str(port),
            "rondetafel-test",
            "geheim-van-de-client",
            f"{live_server.url}/account/oidc/callback/",
            "fverbeek",
            "fenna@gemeente.example",
            OP_PASSWORD,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{op}/openid/.well-known/openid-configuration", timeout=2)  # noqa: S310
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise AssertionError(process.stderr.read().decode()[-3000:]) from None
            time.sleep(0.3)
    settings.OIDC_RP_CLIENT_ID = "rondetafel-test"
    settings.OIDC_RP_CLIENT_SECRET = "geheim-van-de-client"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{op}/openid/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{op}/openid/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{op}/openid/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{op}/openid/jwks"
    settings.OIDC_PROVIDER_NAME = "Gemeente Rotterdam"
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "rondetafel.accounts.oidc.MunicipalOIDCBackend",
    ]
    yield op
    process.kill()
    process.wait()


def _through_the_provider(page, base, username):
    page.goto(f"{base}/account/login/")
    page.get_by_role("link", name="Inloggen met uw Gemeente Rotterdam-account").click()
    expect(page.get_by_role("heading", name="Inloggen bij de gemeente")).to_be_visible()
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord gemeente").fill(OP_PASSWORD)
    page.get_by_role("button", name="Inloggen bij de gemeente").click()


def test_a_facilitator_logs_in_through_the_municipality_with_a_second_factor(
    live_server, browser, provider
):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from rondetafel.accounts.services import user_create
    from rondetafel.trajectories import services as ts

    fenna = user_create(email="fenna@gemeente.example", full_name="Fenna Verbeek")
    ts.trajectory_create(created_by=fenna, title="Boomgaardshoek", question="Welke regels?")
    device = TOTPDevice.objects.create(user=fenna, name="app", confirmed=True)
    base = live_server.url
    page = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    callbacks = []
    page.on(
        "request", lambda r: callbacks.append(r.url) if "/account/oidc/callback/" in r.url else None
    )

    page.goto(f"{base}/account/login/")
    assert_accessible(page)
    _through_the_provider(page, base, "fverbeek")
    # Back at rondetafel: the provider vouched for her, and her own second factor follows.
    expect(page.get_by_role("heading", name="Inloggen: code")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Code uit uw app").fill(authenticator_code(device.bin_key))
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", name="Uw trajecten")).to_be_visible()
    expect(page.get_by_role("link", name="Boomgaardshoek")).to_be_visible()

    # The provider's answer replayed by someone else: refused, nobody logged in.
    assert callbacks and "code=" in callbacks[0]
    other = browser.new_context(viewport=PHONE).new_page()
    other.goto(callbacks[0])
    expect(other.get_by_text("Inloggen via uw organisatie is niet gelukt")).to_be_visible()
    other.goto(f"{base}/trajectories/")
    expect(other.get_by_role("heading", name="Inloggen")).to_be_visible()
    assert_accessible(other)

    # Someone the municipality knows but rondetafel does not: no account is made.
    stranger = browser.new_context(viewport=PHONE).new_page()
    _through_the_provider(stranger, base, "onbekend")
    expect(stranger.get_by_text("Inloggen via uw organisatie is niet gelukt")).to_be_visible()
    from rondetafel.accounts.models import User

    assert not User.objects.filter(email="onbekend@gemeente.example").exists()
