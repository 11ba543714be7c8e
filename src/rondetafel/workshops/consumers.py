"""The live-session WebSocket: transport only. It authorises, subscribes to the session's group,
sends a snapshot on connect, turns messages into service calls, and answers each with an ack or
an error frame. Nothing here decides anything a service does not."""

from __future__ import annotations

import json
import time

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError
from django.utils import translation
from django.utils.translation import gettext as _

from rondetafel.core import metrics
from rondetafel.core.realtime import group_name, member_group

from . import join_limits, selectors, services
from .answers import fields_from_message
from .batching import vote_batcher as _batcher
from .constants import PARTICIPANT_COOKIE

MAX_MESSAGE = 4096  # bytes; a vote or a statement is far smaller
# Messages per socket: a burst of 20, then 5 a second. A person taps far slower; a script that
# floods gets an error frame per message over the rate and changes nothing.
BURST = 20
PER_SECOND = 5.0


class _Bucket:
    """A token bucket: `take()` is False when the socket is sending faster than allowed."""

    def __init__(self, burst: int = BURST, rate: float = PER_SECOND) -> None:
        self.burst, self.rate = burst, rate
        self.tokens = float(burst)
        self.stamp = time.monotonic()

    def take(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


class SessionConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self) -> None:
        cookies = self.scope.get("cookies", {})
        self.language = cookies.get(settings.LANGUAGE_COOKIE_NAME) or settings.LANGUAGE_CODE
        allowed = await self._authorise(self.scope["url_route"]["kwargs"]["code"], cookies)
        if not allowed:
            await self.close(code=4403)  # before accept(): the handshake is refused
            return
        # Participants follow the small phone snapshots; members watching (screen, console)
        # the full ones. Subscribe first, then send the snapshot (clients drop older versions).
        kind = "workshop-phones" if self.participant_id else "workshop"
        self.group = group_name(kind, self.workshop_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        if self.member_group:  # watching as a member: closed when the membership ends
            await self.channel_layer.group_add(self.member_group, self.channel_name)
        await self.accept()
        self.counted = True
        metrics.SOCKETS.inc()
        await self.send_json(await self._snapshot())

    async def disconnect(self, code: int) -> None:
        if getattr(self, "counted", False):
            metrics.SOCKETS.dec()
            self.counted = False
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)
        if getattr(self, "member_group", ""):
            await self.channel_layer.group_discard(self.member_group, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None, **kwargs) -> None:
        with translation.override(self.language):
            if not self._bucket().take():
                await self._error("too_fast", _("Too many messages at once; wait a moment."))
                return
            if bytes_data is not None or text_data is None:
                await self._error("malformed", _("Send text messages with JSON."))
                return
            if len(text_data.encode()) > MAX_MESSAGE:
                await self._error("too_large", _("This message is too large."))
                return
            try:
                content = json.loads(
                    text_data, parse_constant=_reject_constant, parse_float=_finite_float
                )
            except ValueError:
                await self._error("malformed", _("This message is not valid JSON."))
                return
            if not isinstance(content, dict) or not isinstance(content.get("type"), str):
                await self._error("malformed", _("A message needs a type."))
                return
            await self._handle(content)

    async def _handle(self, content: dict) -> None:
        kind = content["type"]
        client_id = str(content.get("client_id") or "")[:64]
        if kind == "sync":
            await self.send_json(await self._snapshot())
            return
        if kind not in ("respond", "submit_statement"):
            await self._error("unknown_type", _("Unknown message type."), client_id)
            return
        try:
            version = await self._apply(kind, content, client_id)
        except PermissionDenied as exc:
            await self._error("forbidden", str(exc) or _("You may not do this."), client_id)
        except ValidationError as exc:
            await self._error("invalid", " ".join(exc.messages), client_id)
        except DatabaseError:
            # The database is away (a restart, a failover): nothing was stored. Say so, keep the
            # socket; the phone sends the same client id again and it counts once (bench/faults).
            await self._error(
                "unavailable",
                _("Your answer could not be stored just now; your phone sends it again."),
                client_id,
            )
        else:
            await self.send_json({"type": "ack", "client_id": client_id, "version": version})

    def _bucket(self) -> _Bucket:
        if not hasattr(self, "_rate"):
            self._rate = _Bucket()
        return self._rate

    async def _error(self, code: str, detail: str, client_id: str = "") -> None:
        await self.send_json(
            {"type": "error", "code": code, "detail": detail, "client_id": client_id}
        )

    async def dispatch(self, message: dict) -> None:
        # Channels closes stale database connections before every message, with a hop to a
        # worker thread. A fanned-out snapshot touches no database, and at 1,000 phones those
        # hops were a quarter of the server's time (py-spy, bench/live_load.py).
        if message.get("type") == "platform.event":
            await self.platform_event(message)
        else:
            await super().dispatch(message)

    async def platform_event(self, message: dict) -> None:
        if message.get("event", {}).get("type") == "access.revoked":
            await self.close(code=4403)
            return
        text = message.get("text")
        await self.send(text_data=text) if text else await self.send_json(message["event"])

    @database_sync_to_async
    def _authorise(self, code: str, cookies: dict) -> bool:
        address = (self.scope.get("client") or [""])[0] or ""
        browser = cookies.get(settings.CSRF_COOKIE_NAME, "")
        if join_limits.blocked(address, browser):
            return False
        workshop = selectors.workshop_by_code(code)
        if workshop is None:
            join_limits.count_failure(address, browser)  # a guessed code, as on the join form
            return False
        self.workshop_id = workshop.pk
        participant = selectors.participant_by_key(
            workshop=workshop, key=cookies.get(PARTICIPANT_COOKIE)
        )
        self.participant_id = participant.pk if participant else None
        user = self.scope.get("user")
        self.member_group = ""
        if participant is not None:
            return True
        if user and user.has_perm("workshops.view", workshop.trajectory):
            self.member_group = member_group(workshop.trajectory_id, user.pk)
            return True
        return False

    @database_sync_to_async
    def _snapshot(self) -> dict:
        from .models import Workshop

        workshop = Workshop.objects.get(pk=self.workshop_id)
        if self.participant_id:
            return selectors.phone_snapshot_of(workshop)
        return selectors.snapshot(workshop)

    async def _apply(self, kind: str, content: dict, client_id: str) -> int:
        if kind == "respond":
            if self.participant_id is None:
                raise PermissionDenied(_("Join the session first."))
            activity_id = _uuid(content.get("activity"))
            if activity_id is None:
                raise ValidationError(_("This activity does not exist."))
            form = None
            if "form" in content:  # a phone form's fields, parsed as the HTTP form is
                form = fields_from_message(content["form"])
                if form is None:
                    raise ValidationError(_("This answer is not valid."))
            item = form.get("item", "") if form is not None else content.get("item")
            outcome = await _batcher().submit(
                services.Vote(
                    activity_id=activity_id,
                    participant_id=self.participant_id,
                    workshop_id=self.workshop_id,
                    item=str(item or ""),
                    value=content.get("value"),
                    client_id=client_id,
                    form=form,
                )
            )
            if not outcome.ok:
                raise ValidationError(outcome.detail)
            return outcome.version
        # Statements are rare: one transaction each, outside the shared sync thread.
        return await database_sync_to_async(self._apply_sync, thread_sensitive=False)(
            kind, content, client_id
        )

    def _apply_sync(self, kind: str, content: dict, client_id: str) -> int:
        from .models import Activity, Participant

        if self.participant_id is None:
            raise PermissionDenied(_("Join the session first."))
        participant = Participant.objects.get(pk=self.participant_id)
        activity = Activity.objects.filter(
            workshop_id=self.workshop_id, pk=_uuid(content.get("activity"))
        ).first()
        if activity is None:
            raise ValidationError(_("This activity does not exist."))
        if kind == "respond":
            services.respond(
                activity=activity,
                participant=participant,
                item=str(content.get("item") or ""),
                value=content.get("value"),
                client_id=client_id,
            )
        else:
            services.statement_submit(
                activity=activity,
                participant=participant,
                text=str(content.get("text") or ""),
                client_id=client_id,
            )
        return selectors.version(self.workshop_id)


def _reject_constant(name: str):
    raise ValueError(f"{name} is not a number")  # NaN, Infinity, -Infinity


def _finite_float(text: str) -> float:
    number = float(text)
    if number in (float("inf"), float("-inf")):
        raise ValueError("number out of range")  # 1e400
    return number


def _uuid(value):
    import uuid

    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        return None
