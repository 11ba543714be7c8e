from django.urls import path

from . import views

T = "trajectories/<uuid:trajectory_id>/agreement-in-sessions/"
J = "j/<str:code>/review/<uuid:activity_id>/"

app_name = "review"
urlpatterns = [
    path(T, views.index, name="index"),
    path(T + "round/", views.form_round, name="form_round"),
    path(T + "consent/", views.start_consent, name="start_consent"),
    path(J + "propose/", views.propose, name="propose"),
    path(J + "host/", views.host_report, name="host_report"),
    path(J + "host/verdict/", views.host_verdict, name="host_verdict"),
]
