from django.urls import path

from . import views

T = "trajectories/<uuid:trajectory_id>/"

app_name = "trajectories"
urlpatterns = [
    path("trajectories/", views.trajectory_list, name="list"),
    path("trajectories/new/", views.trajectory_create, name="create"),
    path(T, views.trajectory_detail, name="detail"),
    path(T + "edit/", views.trajectory_edit, name="edit"),
    path(T + "parties/", views.party_list, name="parties"),
    path(T + "parties/<uuid:party_id>/", views.party_edit, name="party_edit"),
    path(T + "people/", views.people, name="people"),
    path(T + "people/invite/", views.invite, name="invite"),
    path(T + "people/<uuid:membership_id>/", views.membership_edit, name="membership_edit"),
    path(
        T + "people/<uuid:membership_id>/remove/",
        views.membership_remove,
        name="membership_remove",
    ),
    path(T + "people/<uuid:membership_id>/erase/", views.member_erase, name="member_erase"),
    path(T + "steps/<int:number>/", views.step_edit, name="step_edit"),
    path(T + "audit/", views.audit_log, name="audit_log"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
]
