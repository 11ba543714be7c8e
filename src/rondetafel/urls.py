from django.urls import include, path
from django.views.i18n import set_language

from .api import api

urlpatterns = [
    path("", include("rondetafel.core.urls")),
    path("", include("rondetafel.trajectories.urls")),
    path("", include("rondetafel.stakeholders.urls")),
    path("", include("rondetafel.agreements.urls")),
    path("", include("rondetafel.signing.urls")),
    path("", include("rondetafel.workshops.urls")),
    path("", include("rondetafel.trust.urls")),
    path("", include("rondetafel.scenarios.urls")),
    path("", include("rondetafel.regulations.urls")),
    path("", include("rondetafel.governance.urls")),
    path("", include("rondetafel.reports.urls")),
    path("", include("rondetafel.review.urls")),
    path("account/", include("rondetafel.accounts.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/", api.urls),
]
