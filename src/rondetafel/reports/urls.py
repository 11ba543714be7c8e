from django.urls import path

from . import views

T = "trajectories/<uuid:trajectory_id>/reports/"
R = T + "<uuid:report_id>/"

app_name = "reports"
urlpatterns = [
    path(T, views.report_list, name="list"),
    path(T + "generate/", views.generate, name="generate"),
    path(T + "quotes/", views.quote_add, name="quote_add"),
    path(T + "quotes/<uuid:quote_id>/consent/", views.quote_consent, name="quote_consent"),
    path(T + "you-said-we-did/", views.feedback, name="feedback"),
    path(T + "you-said-we-did/answer/", views.feedback_answer, name="feedback_answer"),
    path(T + "you-said-we-did/publish/", views.feedback_publish, name="feedback_publish"),
    path("results/<str:token>/", views.results, name="results"),
    path(R, views.report, name="report"),
    path(R + "edit/", views.edit, name="edit"),
    path(R + "publish/", views.publish, name="publish"),
    path(R + "report.pdf", views.report_pdf, name="pdf"),
    path(R + "report.docx", views.report_docx, name="docx"),
]
