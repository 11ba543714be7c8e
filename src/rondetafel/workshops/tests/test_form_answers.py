"""The phone form's short path through the real ASGI application: answers are stored in the
socket's batches and answered with the same redirect and message as Django's own view; what is
out of the ordinary (no CSRF token, a phone that has not joined) gets Django's own answer."""

import asyncio
import concurrent.futures
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest
from asgiref.testing import ApplicationCommunicator
from django.middleware.csrf import _get_new_csrf_string

from rondetafel.workshops import services
from rondetafel.workshops.constants import PARTICIPANT_COOKIE
from rondetafel.workshops.models import Response

pytestmark = pytest.mark.django_db(transaction=True)
TOKEN = _get_new_csrf_string()


def run(coroutine):
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


@pytest.fixture
def session(world):
    facilitator = world.users["facilitator"]
    workshop = services.workshop_create(trajectory=world.trajectory, actor=facilitator, title="S")
    poll = services.activity_add(
        workshop=workshop, actor=facilitator, kind="scale_5", title="Hoe gaat het?"
    )
    services.activity_set_status(activity=poll, actor=facilitator, status="open")
    _p, key = services.participant_join(workshop=workshop, display_name="", side="municipality")
    return workshop, poll, key


async def _post(path, form, cookies):
    from rondetafel.asgi import application

    body = urlencode(form).encode()
    cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"localhost"),
            (b"content-type", b"application/x-www-form-urlencoded"),
            (b"content-length", str(len(body)).encode()),
            (b"cookie", cookie.encode()),
        ],
        "client": ("127.0.0.1", 5000),
        "server": ("127.0.0.1", 80),
    }
    app = ApplicationCommunicator(application, scope)
    await app.send_input({"type": "http.request", "body": body, "more_body": False})
    start = await app.receive_output(10)
    chunks = []
    while True:
        message = await app.receive_output(10)
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            break
    headers = [(k.decode().lower(), v.decode()) for k, v in start["headers"]]
    return start["status"], headers, b"".join(chunks)


def _answer(workshop, poll, key, value, client_id="c1", token=TOKEN):
    form = {"value": value, "client_id": client_id}
    if token:
        form["csrfmiddlewaretoken"] = token
    return run(
        _post(
            f"/j/{workshop.join_code}/a/{poll.pk}/",
            form,
            {PARTICIPANT_COOKIE: key, "csrftoken": TOKEN},
        )
    )


def _message(headers) -> str:
    """The message the next page shows, read back as Django's messages framework reads it."""
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpRequest

    for name, value in headers:
        if name == "set-cookie" and value.startswith("messages="):
            request = HttpRequest()
            request.COOKIES["messages"] = SimpleCookie(value)["messages"].value
            return " ".join(str(m) for m in CookieStorage(request))
    return ""


def test_an_answer_is_stored_and_redirected_with_its_message(session):
    workshop, poll, key = session
    status, headers, _body = _answer(workshop, poll, key, "4")
    assert status == 302 and dict(headers)["location"] == f"/j/{workshop.join_code}/live/"
    assert "vastgelegd" in _message(headers)
    assert Response.objects.get(activity=poll).value == 4
    # A retry of the same form counts once; a new answer replaces the old.
    _answer(workshop, poll, key, "4")
    _answer(workshop, poll, key, "2", client_id="c2")
    assert list(Response.objects.filter(activity=poll).values_list("value", flat=True)) == [2]


@pytest.mark.parametrize("value", ["Infinity", "NaN", "1e400", "9", "veel"])
def test_a_value_out_of_range_is_refused_with_a_message_and_nothing_stored(session, value):
    workshop, poll, key = session
    status, headers, _body = _answer(workshop, poll, key, value)
    assert status == 302 and "Kies een getal" in _message(headers)
    assert not Response.objects.filter(activity=poll).exists()


def test_a_closed_activity_says_so(session, world):
    workshop, poll, key = session
    services.activity_set_status(activity=poll, actor=world.users["facilitator"], status="closed")
    status, headers, _body = _answer(workshop, poll, key, "3")
    assert status == 302 and "gesloten" in _message(headers)
    assert not Response.objects.filter(activity=poll).exists()


def test_without_a_csrf_token_django_refuses(session):
    workshop, poll, key = session
    status, _headers, _body = _answer(workshop, poll, key, "3", token="")
    assert status == 403 and not Response.objects.filter(activity=poll).exists()


def test_a_phone_that_did_not_join_gets_djangos_refusal(session):
    workshop, poll, _key = session
    status, _headers, body = _answer(workshop, poll, "not-a-key", "3")
    assert status == 403 and not Response.objects.filter(activity=poll).exists()
