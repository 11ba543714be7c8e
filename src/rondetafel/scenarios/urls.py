from django.urls import path

from . import views

T = "trajectories/<uuid:trajectory_id>/scenarios/"
F = T + "<uuid:field_id>/"

app_name = "scenarios"
urlpatterns = [
    path(T, views.field_list, name="list"),
    path(F, views.field_detail, name="detail"),
    path(F + "screen/", views.explore_screen, name="explore_screen"),
    path(F + "parameters/", views.parameter_add, name="parameter_add"),
    path(
        F + "parameters/<uuid:parameter_id>/remove/",
        views.parameter_remove,
        name="parameter_remove",
    ),
    path(F + "judging/", views.judging_start, name="judging_start"),
    path(F + "proposing/", views.proposing_start, name="proposing_start"),
    path(F + "values/", views.value_add, name="value_add"),
    path(F + "scoring/", views.scoring_start, name="scoring_start"),
    path(F + "decide/", views.pair_decide, name="pair_decide"),
    path(F + "scenarios/", views.scenarios_pick, name="scenarios_pick"),
    path(F + "scenarios/add/", views.scenario_add, name="scenario_add"),
    path(F + "scenarios/<uuid:scenario_id>/", views.scenario_write, name="scenario_write"),
    path(
        F + "scenarios/<uuid:scenario_id>/agreement/",
        views.scenario_to_agreement,
        name="scenario_to_agreement",
    ),
    path(F + "export.xlsx", views.export_xlsx, name="export_xlsx"),
    path(F + "report.pdf", views.report_pdf, name="report_pdf"),
]
