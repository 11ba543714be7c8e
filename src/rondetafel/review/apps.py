from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    name = "rondetafel.review"
    label = "review"
    verbose_name = _("The agreement reviewed in sessions")

    def ready(self):
        # the two activity types (article review in groups, consent in plenary), perms, links
        from . import activity, progress, rules  # noqa: F401
