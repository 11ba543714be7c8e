"""The result link (what became of what was said) where people without an account meet it: on
the phones at the end of a session (`workshops.phone_notices`) and after a trust questionnaire
(`trajectories.result_links`)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from rondetafel.trajectories.result_links import result_links
from rondetafel.workshops.phone_notices import Notice, phone_notices


@phone_notices.register("reports.results")
def result_link(workshop) -> list[Notice]:
    if workshop.status != "closed":
        return []
    from .services import feedback_page_for

    page = feedback_page_for(workshop.trajectory_id)
    return [
        Notice(
            key=f"results:{page.pk}",
            url=reverse("reports:results", args=[page.token]),
            text=_("See later what became of what you said (keep this link)"),
        )
    ]


@result_links.register("reports.results")
def results_page(trajectory_id) -> list[tuple[str, str]]:
    from .services import feedback_page_for

    page = feedback_page_for(trajectory_id)
    return [
        (
            _("See later what became of what you said (keep this link)"),
            reverse("reports:results", args=[page.token]),
        )
    ]
