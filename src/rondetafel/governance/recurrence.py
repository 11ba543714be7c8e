"""A meeting cadence expanded to its dates (dateutil's rrule, as calendars themselves do), with
the impossible ones refused in words."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from dateutil.rrule import MONTHLY, WEEKLY, rrule
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .constants import MAX_MEETINGS_PER_SERIES, Frequency

FREQUENCIES = {Frequency.WEEKLY: WEEKLY, Frequency.MONTHLY: MONTHLY}


def occurrences(
    *, frequency: str, interval: int, count: int, first: datetime.datetime
) -> list[datetime.datetime]:
    if frequency not in FREQUENCIES:
        raise ValidationError({"frequency": _("Choose every week or every month.")})
    if not 1 <= interval <= 12:
        raise ValidationError({"interval": _("Meet every 1 to 12 weeks or months.")})
    if not 1 <= count <= MAX_MEETINGS_PER_SERIES:
        raise ValidationError(
            {
                "count": _("A series has between 1 and %(max)d meetings.")
                % {"max": MAX_MEETINGS_PER_SERIES}
            }
        )
    if first.tzinfo is None:
        raise ValidationError({"first_starts_at": _("Give the time of the first meeting.")})
    if frequency == Frequency.MONTHLY and first.day > 28:
        # rrule skips months without that day, so "every month on the 31st" would drop meetings
        raise ValidationError(
            {
                "first_starts_at": _(
                    "Not every month has a day %(day)d: start the monthly series on day 1 to 28."
                )
                % {"day": first.day}
            }
        )
    zone = ZoneInfo(settings.TIME_ZONE)
    naive = first.astimezone(zone).replace(tzinfo=None)
    # Expanded in wall-clock time, so a 19:30 meeting stays at 19:30 across summer time.
    return [
        start.replace(tzinfo=zone)
        for start in rrule(FREQUENCIES[frequency], interval=interval, count=count, dtstart=naive)
    ]
