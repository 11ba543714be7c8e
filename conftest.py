"""Fixtures shared by every test: a small world with one person per role, and the browser."""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# around it are still synchronous (stack-findings.md section 6).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ROLES = ["anonymous", "participant", "observer", "client", "facilitator", "other_facilitator"]


@dataclass
class World:
    trajectory: object
    other_trajectory: object
    party: object
    users: dict
    memberships: dict


@pytest.fixture
def world(db):
    from rondetafel.accounts.services import user_create
    from rondetafel.trajectories import services as ts
    from rondetafel.trajectories.constants import Role, Side

    users = {
        role: user_create(
            email=f"{role}@test.example", full_name=role.title(), password="pw-Geheim-123"
        )
        for role in ROLES[1:]
    }
    trajectory = ts.trajectory_create(
        created_by=users["facilitator"], title="Herijking", question="Hoe verder?"
    )
    other = ts.trajectory_create(
        created_by=users["other_facilitator"], title="Elders", question="Iets anders?"
    )
    party = ts.party_create(
        trajectory=trajectory, actor=users["facilitator"], name="Gemeente", side=Side.MUNICIPALITY
    )
    memberships = {"facilitator": trajectory.memberships.get(user=users["facilitator"])}
    for role in ("participant", "observer", "client"):
        memberships[role] = ts.membership_create(
            trajectory=trajectory,
            user=users[role],
            role=Role(role),
            party=party,
            actor=users["facilitator"],
        )
    return World(trajectory, other, party, users, memberships)


def client_for(world: World, role: str):
    from django.test import Client

    client = Client()
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        message = f"Browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium)."
        pytest.fail(message)  # never a silent skip: `python3 dev.py test` installs it
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


def require_command(name: str, package: str) -> str:
    """The path of a system command a test needs. Missing is a failure, never a silent skip:
    `python3 dev.py test` installs what the suite needs (or says the one line to run)."""
    path = shutil.which(name)
    if path is None:
        pytest.fail(
            f"{name} is missing: apt-get install -y {package} (python3 dev.py test does this)"
        )
    return path


def assert_accessible(page) -> None:
    """Zero WCAG 2.1 A/AA violations by axe-core on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={
            "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
            "resultTypes": ["violations"],
        },
    )
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def join_phone(browser, base: str, code: str, side_label: str):
    """A phone (390 pixels, touch) that joins session `code` anonymously on a side."""
    page = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    ).new_page()
    page.goto(f"{base}/j/{code}/")
    page.get_by_label(side_label).check()
    page.get_by_role("button", name="Meedoen").click()
    return page


def log_in(page, base: str, email: str, password: str) -> None:
    """Log in through the real form, in Dutch, and wait for the trajectory list."""
    from playwright.sync_api import expect

    page.goto(f"{base}/account/login/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    pass_second_factor(page, email)
    expect(page.get_by_role("heading", name="Uw trajecten")).to_be_visible()


def authenticator_code(key: bytes, counter: int | None = None) -> str:
    """What an authenticator app shows for `key` (RFC 6238, 30-second steps) now, or at
    `counter`."""
    from django_otp.oath import hotp

    counter = int(time.time()) // 30 if counter is None else counter
    return f"{hotp(key, counter, digits=6):06d}"


def pass_second_factor(page, email: str) -> None:
    """After the password, as the person would with their authenticator app: a facilitator
    without one sets it up (scans, here: reads the key the page shows); someone with one types
    the code. A code is accepted once, so a second log-in within 30 seconds uses the next one,
    waiting when the app would have to. Does nothing when neither page is shown."""
    import base64
    import re

    from django_otp.plugins.otp_totp.models import TOTPDevice

    page.wait_for_load_state()
    if re.search(r"/account/two-factor/$", page.url):
        key = page.locator("#totp-key").inner_text().replace(" ", "")
        key_bytes = base64.b32decode(key + "=" * (-len(key) % 8))
        page.locator("#id_code").fill(authenticator_code(key_bytes))
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_load_state()
    elif re.search(r"/account/login/code/$", page.url):
        device = TOTPDevice.objects.get(user__email=email.lower(), confirmed=True)
        now = int(time.time()) // device.step
        counter = max(now, (device.last_t or -1) + 1)
        if counter > now + 1:  # the app shows it only in the next window: wait for it
            time.sleep((counter - 1) * device.step - time.time() + 0.5)
        page.locator("#id_code").fill(authenticator_code(device.bin_key, counter))
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_load_state()


@pytest.fixture(autouse=True)
def _fresh_join_limits():
    """Wrong-code, verify and reset-mail counters live in the cache for minutes and every test
    client comes from 127.0.0.1: each test starts with none, so one test never pauses another.
    (The suite's cache is its own, in memory; a shared Redis is never flushed.)"""
    from django.conf import settings
    from django.core.cache import cache

    if settings.CACHES["default"]["BACKEND"].endswith("LocMemCache"):
        cache.clear()
        return
    for key in ("join-attempts:address:127.0.0.1", "join-attempts:address:", "verify:127.0.0.1"):
        cache.delete(key)


@pytest.fixture(autouse=True)
def _close_browser_contexts(request):
    """Tests open extra contexts (phones, screens) on the session-wide browser; close them when
    the test ends, or their pages keep polling a server whose database is gone."""
    yield
    if "browser" in request.fixturenames:
        for context in list(request.getfixturevalue("browser").contexts):
            context.close()


# Text that may break anywhere by design: hashes, fingerprints, URLs, codes.
_BREAKABLE = ".rt-hash, .rt-mono, code, .rt-sr-only, svg, script, style"
_LAYOUT_PROBE = """(breakable) => {
  const problems = [];
  const root = document.scrollingElement || document.documentElement;
  if (root.scrollWidth > window.innerWidth + 1) {
    problems.push(`page is ${root.scrollWidth}px wide in a ${window.innerWidth}px window`);
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  let node;
  while ((node = walker.nextNode())) {
    const el = node.parentElement;
    if (!el || el.closest(breakable) || el.closest("[hidden]")) { continue; }
    const style = getComputedStyle(el);
    if (style.visibility === "hidden" || style.display === "none") { continue; }
    // A word may break after its own hyphen ("mkb-bedrijven"); anywhere else is a defect.
    for (const m of node.data.matchAll(/[^\\s\\u00a0\\u2010-]{2,}/g)) {
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const tops = new Set(Array.from(range.getClientRects()).filter(r => r.width > 0).map(r => Math.round(r.top)));
      if (tops.size > 1) { problems.push(`"${m[0]}" is broken over ${tops.size} lines`); }
      if (problems.length > 12) { return problems; }
    }
  }
  return problems;
}"""


def assert_layout(page) -> None:
    """What a user sees is laid out: no horizontal scrolling of the page, and no word broken
    inside (a table column squeezed to one letter shows up as a word over several lines)."""
    problems = page.evaluate(_LAYOUT_PROBE, _BREAKABLE)
    assert not problems, f"{page.url} at {page.viewport_size}: " + "; ".join(problems)


@pytest.fixture
def asgi_server(transactional_db):
    """The real ASGI application (pages and WebSockets) under uvicorn, on a free port, against
    the test database. Django's live_server speaks only WSGI: no sockets."""
    import socket
    import threading
    import time

    import uvicorn

    from rondetafel.asgi import application

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(
            application, log_level="warning", lifespan="off", ws_per_message_deflate=False
        )
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


def agreement_in_review(world: World, markdown: str, title: str = "Convenant"):
    """A version of an agreement, parsed from Markdown and opened for review."""
    from rondetafel.agreements import services as ag
    from rondetafel.agreements.constants import VersionStatus
    from rondetafel.agreements.structure import parse_markdown

    version = ag.agreement_create(
        trajectory=world.trajectory,
        actor=world.users["facilitator"],
        title=title,
        parsed=parse_markdown(markdown),
    )
    return ag.version_set_status(
        version=version, actor=world.users["facilitator"], status=VersionStatus.IN_REVIEW
    )
