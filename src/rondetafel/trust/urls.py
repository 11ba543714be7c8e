from django.urls import path

from . import views

T = "trajectories/<uuid:trajectory_id>/trust/"
S = T + "<uuid:survey_id>/"

app_name = "trust"
urlpatterns = [
    path(T, views.survey_list, name="list"),
    path(S, views.survey_detail, name="detail"),
    path(S + "items/", views.item_add, name="item_add"),
    path(S + "waves/", views.wave_add, name="wave_add"),
    path(S + "waves/<uuid:wave_id>/", views.wave_control, name="wave_control"),
    path(S + "report/", views.report, name="report"),
    path(S + "report.pdf", views.report_pdf, name="report_pdf"),
    path("v/<str:token>/", views.respond, name="respond"),
]
