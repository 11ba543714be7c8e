from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "rondetafel.workshops"
    label = "workshops"  # "sessions" is Django's
    verbose_name = _("Sessions")

    def ready(self):
        from . import activities, events, progress, rules, selectors

        activities.discover()  # every activity type registers itself
        events.build_snapshots_with(selectors.snapshots)  # what a change sends to open views
        del progress, rules  # imported for their registrations (permissions, task links)
