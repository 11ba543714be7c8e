from django.urls import path

from . import views

T = "trajectories/<uuid:trajectory_id>/embedding/"
C = T + "commitments/<uuid:commitment_id>/"
B = T + "bodies/<uuid:body_id>/"
M = T + "meetings/<uuid:meeting_id>/"

app_name = "governance"
urlpatterns = [
    path(T, views.dashboard, name="dashboard"),
    path(T + "decisions/", views.decisions, name="decisions"),
    path(T + "decisions/<uuid:decision_id>/", views.decision_edit, name="decision_edit"),
    path(T + "commitments/", views.commitments, name="commitments"),
    path(C, views.commitment, name="commitment"),
    path(C + "progress/", views.commitment_progress, name="commitment_progress"),
    path(C + "reassign/", views.commitment_reassign, name="commitment_reassign"),
    path(T + "bodies/", views.bodies, name="bodies"),
    path(B, views.body, name="body"),
    path(B + "calendar/<str:token>.ics", views.body_calendar, name="body_calendar"),
    path(M, views.meeting, name="meeting"),
    path(M + "minutes/approve/", views.minutes_approve, name="minutes_approve"),
    path("my-commitments/", views.inbox, name="inbox"),
    path("calendar/<str:token>.ics", views.person_calendar, name="person_calendar"),
]
