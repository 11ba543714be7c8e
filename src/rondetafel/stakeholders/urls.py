from django.urls import path

from . import views

T = "trajectories/<uuid:trajectory_id>/"
S = T + "stakeholders/"

app_name = "stakeholders"
urlpatterns = [
    path(T + "intake/", views.intake, name="intake"),
    path(T + "intake/goal/", views.goal_edit, name="goal_edit"),
    path(T + "intake/goal/sign-off/", views.goal_sign_off, name="goal_sign_off"),
    path(T + "intake/<uuid:party_id>/", views.intake_edit, name="intake_edit"),
    path(S, views.register, name="register"),
    path(S + "grid/", views.grid, name="grid"),
    path(S + "salience/", views.salience_view, name="salience"),
    path(S + "network/", views.network_view, name="network"),
    path(S + "common-ground/", views.common_ground, name="common_ground"),
    path(S + "export.<str:fmt>", views.export, name="export"),
    path(T + "engagement-plan/", views.engagement_plan, name="engagement"),
    path(T + "engagement-plan.<str:fmt>", views.engagement_export, name="engagement_export"),
    path(S + "import/", views.import_upload, name="import"),
    path(S + "import/<uuid:batch_id>/", views.import_preview, name="import_preview"),
    path(S + "<uuid:stakeholder_id>/", views.detail, name="detail"),
    path(S + "<uuid:stakeholder_id>/edit/", views.edit, name="edit"),
    path(S + "<uuid:stakeholder_id>/add/<str:kind>/", views.add_record, name="add_record"),
    path(
        S + "<uuid:stakeholder_id>/<str:kind>/<uuid:record_id>/",
        views.update_record,
        name="update_record",
    ),
]
