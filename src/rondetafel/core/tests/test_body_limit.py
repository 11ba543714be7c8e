"""Request bodies over the ceiling never reach Django: a declared length over it is refused at
once with 413, and a body without a declared length is cut off as it passes it. Through the
real ASGI application."""

from __future__ import annotations

import asyncio
import concurrent.futures

import pytest
from asgiref.testing import ApplicationCommunicator
from django.test import override_settings

pytestmark = pytest.mark.django_db(transaction=True)


def _run(coroutine_function):
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine_function()).result()


def _request(headers):
    from rondetafel.asgi import application

    return ApplicationCommunicator(
        application,
        {
            "type": "http",
            "method": "POST",
            "path": "/verify/",
            "raw_path": b"/verify/",
            "query_string": b"",
            "headers": [(b"host", b"localhost"), *headers],
            "client": ["127.0.0.1", 5000],
            "server": ["127.0.0.1", 80],
            "http_version": "1.1",
            "scheme": "http",
        },
    )


def test_a_declared_length_over_the_ceiling_is_refused_before_the_body_is_read():
    from django.conf import settings

    async def scenario():
        request = _request([(b"content-length", str(settings.MAX_REQUEST_BYTES + 1).encode())])
        # no body is sent at all: the answer comes without reading one
        start = await request.receive_output(5)
        body = await request.receive_output(5)
        return start, body

    start, body = _run(scenario)
    assert start["status"] == 413
    assert b"Too large" in body["body"] and b"Te groot" in body["body"]


@override_settings(MAX_REQUEST_BYTES=1000)
def test_a_body_without_a_length_is_cut_off_when_it_passes_the_ceiling():
    async def scenario():
        request = _request([(b"content-type", b"application/octet-stream")])
        await request.send_input({"type": "http.request", "body": b"x" * 600, "more_body": True})
        await request.send_input({"type": "http.request", "body": b"x" * 600, "more_body": True})
        await request.wait(5)  # the application ends: it saw the client go away
        return await request.receive_nothing(0.2)

    assert _run(scenario)  # and it answered nothing: the body never became a request


def test_a_body_under_the_ceiling_goes_through():
    async def scenario():
        request = _request([(b"content-length", b"0")])
        await request.send_input({"type": "http.request", "body": b"", "more_body": False})
        return await request.receive_output(10)

    start = _run(scenario)
    assert start["type"] == "http.response.start" and start["status"] != 413
