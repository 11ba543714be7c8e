from django.urls import path

from . import views

T = "trajectories/<uuid:trajectory_id>/rules/"
R = T + "<uuid:rule_id>/"
C = "trajectories/<uuid:trajectory_id>/challenges/"

app_name = "regulations"
urlpatterns = [
    path(T, views.index, name="index"),
    path(T + "import/xml/", views.import_xml, name="import_xml"),
    path(T + "import/sheet/", views.import_sheet, name="import_sheet"),
    path(T + "regulations/<uuid:regulation_id>/", views.regulation, name="regulation"),
    path(T + "inventory/", views.inventory, name="inventory"),
    path(T + "inventory/policy/", views.policy_add, name="policy_add"),
    path(T + "inventory/clusters/", views.cluster_add, name="cluster_add"),
    path(T + "inventory/session/", views.assessing_start, name="assessing_start"),
    path(T + "assess/", views.assess_list, name="assess_list"),
    path(T + "results/", views.results, name="results"),
    path(T + "framework/", views.framework, name="framework"),
    path(T + "framework.pdf", views.framework_pdf, name="framework_pdf"),
    path(T + "framework.docx", views.framework_docx, name="framework_docx"),
    path(T + "framework/agreement/", views.framework_agreement, name="framework_agreement"),
    path(R, views.rule, name="rule"),
    path(R + "update/", views.rule_update, name="rule_update"),
    path(R + "remove/", views.rule_remove, name="rule_remove"),
    path(R + "reviewed/", views.rule_reviewed, name="rule_reviewed"),
    path(R + "decide/", views.decide, name="decide"),
    path(R + "assess/", views.assess, name="assess"),
    path(C, views.challenges, name="challenges"),
    path(C + "terms/", views.challenge_terms, name="challenge_terms"),
    path(C + "<uuid:request_id>/", views.challenge, name="challenge"),
    path(C + "<uuid:request_id>/assess/", views.challenge_assess, name="challenge_assess"),
    path(C + "<uuid:request_id>/decide/", views.challenge_decide, name="challenge_decide"),
    path(C + "<uuid:request_id>/withdraw/", views.challenge_withdraw, name="challenge_withdraw"),
    path(C + "<uuid:request_id>/report/", views.challenge_report, name="challenge_report"),
]
