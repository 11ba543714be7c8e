from django.urls import path

from . import views

T = "trajectories/<uuid:trajectory_id>/sessions/"
W = T + "<uuid:workshop_id>/"
J = "j/<str:code>/"

app_name = "workshops"
urlpatterns = [
    path(T, views.workshop_list, name="list"),
    path(W, views.console, name="console"),
    path(W + "status/", views.workshop_status, name="workshop_status"),
    path(W + "blocks/", views.block_add, name="block_add"),
    path(W + "activities/", views.activity_add, name="activity_add"),
    path(W + "activities/<uuid:activity_id>/", views.activity_control, name="activity_control"),
    path(
        W + "activities/<uuid:activity_id>/design/", views.activity_design, name="activity_design"
    ),
    path(W + "duplicate/", views.workshop_duplicate, name="workshop_duplicate"),
    path(W + "agenda/order/", views.agenda_reorder, name="agenda_reorder"),
    path(W + "run-sheet.pdf", views.run_sheet, name="run_sheet"),
    path(T + "from-method/", views.workshop_from_method, name="from_method"),
    path(W + "statements/<uuid:statement_id>/", views.moderate, name="moderate"),
    path(W + "blocks/<uuid:block_id>/groups/", views.groups, name="groups"),
    path(W + "blocks/<uuid:block_id>/", views.block_control, name="block_control"),
    path(
        W + "activities/<uuid:activity_id>/export.csv",
        views.activity_export,
        name="activity_export",
    ),
    path(
        W + "activities/<uuid:activity_id>/polis.zip",
        views.activity_polis_export,
        name="activity_polis_export",
    ),
    path(W + "activities/<uuid:activity_id>/opinion/", views.opinion, name="opinion"),
    path(
        W + "activities/<uuid:activity_id>/opinion/live/",
        views.opinion_fragment,
        name="opinion_fragment",
    ),
    path(T + "import-polis/", views.polis_import, name="polis_import"),
    path(W + "report/", views.report, name="report"),
    path(W + "report.pdf", views.report_pdf, name="report_pdf"),
    path(W + "screen/", views.screen, name="screen"),
    path(W + "screen/control/", views.screen_control, name="screen_control"),
    path(W + "voice/", views.console_voice, name="console_voice"),
    path(W + "screen/live/", views.screen_fragment, name="screen_fragment"),
    path("j/", views.join_start, name="join_start"),
    path(J, views.join, name="join"),
    path(J + "version.json", views.version, name="version"),
    path(J + "live/", views.live, name="live"),
    path(J + "live/activity/", views.live_fragment, name="live_fragment"),
    path(J + "a/<uuid:activity_id>/", views.respond, name="respond"),
    path(J + "a/<uuid:activity_id>/statement/", views.submit_statement, name="submit_statement"),
    path(J + "rounds/<uuid:block_id>/wish/", views.wish, name="wish"),
]
