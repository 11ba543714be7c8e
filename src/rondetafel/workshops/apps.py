from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "rondetafel.workshops"
    label = "workshops"  # "sessions" is Django's
    verbose_name = _("Sessions")

    def ready(self):
        from rondetafel.accounts import personal_data

        from . import activities, erasure, events, progress, rules, selectors

        personal_data.erasure_handlers.append(erasure.person_erased)
        activities.discover()  # every activity type registers itself
        events.build_snapshots_with(selectors.snapshots)  # what a change sends to open views
        del progress, rules  # imported for their registrations (permissions, task links)
