from django.urls import path

from . import views

T = "trajectories/<uuid:trajectory_id>/signing/"
C = T + "<uuid:ceremony_id>/"

app_name = "signing"
urlpatterns = [
    path("verify/", views.verify, name="verify"),
    path("verify/root.pem", views.root_certificate, name="root_certificate"),
    path(T, views.ceremony_list, name="list"),
    path(T + "open/<uuid:version_id>/", views.ceremony_open, name="open"),
    path(C, views.ceremony_detail, name="ceremony"),
    path(C + "sign/", views.sign, name="sign"),
    path(C + "code/", views.send_code, name="send_code"),
    path(C + "screen/", views.screen, name="screen"),
    path(C + "progress.json", views.progress_json, name="progress"),
    path(C + "document.pdf", views.document, name="document"),
    path(C + "certificate.pdf", views.certificate, name="certificate"),
    path(C + "room-code/", views.room_code, name="room_code"),
    path(C + "unlock/<uuid:signatory_id>/", views.unlock, name="unlock"),
    path(C + "cancel/", views.cancel, name="cancel"),
]
