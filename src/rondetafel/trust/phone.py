"""A wave filled in during a session shows on its phones (`workshops.phone_notices`)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from rondetafel.workshops.phone_notices import Notice, phone_notices

from .selectors import open_waves_for_workshop


@phone_notices.register("trust")
def open_questionnaires(workshop) -> list[Notice]:
    return [
        Notice(
            key=f"trust:{wave.pk}",
            url=reverse("trust:respond", args=[wave.token]),
            text=_("Fill in the short questionnaire: %(title)s") % {"title": wave.survey.title},
        )
        for wave in open_waves_for_workshop(workshop)
    ]
