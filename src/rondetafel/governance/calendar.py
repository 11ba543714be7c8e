"""Calendar feeds (ICS, RFC 5545) that calendar apps subscribe to: a person's meetings and a
body's meetings. Calendar apps cannot log in, so the feed's address carries a signed token."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

SALT = "rondetafel.governance.calendar"


def feed_token(kind: str, pk) -> str:
    return signing.dumps({"k": kind, "id": str(pk)}, salt=SALT, compress=True)


def read_token(token: str, kind: str) -> str | None:
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    return data.get("id") if data.get("k") == kind else None


def ics(meetings, name: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//rondetafel//governance//NL")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    stamp = timezone.now()
    for meeting in meetings:
        url = settings.SITE_URL.rstrip("/") + reverse(
            "governance:meeting", args=[meeting.body.trajectory_id, meeting.pk]
        )
        event = Event()
        event.add("uid", f"{meeting.pk}@rondetafel")
        event.add("dtstamp", stamp)
        event.add("dtstart", meeting.starts_at)
        event.add("dtend", meeting.starts_at + datetime.timedelta(minutes=meeting.duration_minutes))
        event.add("summary", f"{meeting.body.name} ({meeting.body.trajectory.title})")
        if meeting.location:
            event.add("location", meeting.location)
        event.add("url", url)
        event.add("description", url)
        cal.add_component(event)
    return cal.to_ical()
