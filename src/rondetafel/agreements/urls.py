from django.urls import path

from . import views

T = "trajectories/<uuid:trajectory_id>/agreements/"
V = T + "v/<uuid:version_id>/"

app_name = "agreements"
urlpatterns = [
    path(T, views.agreement_list, name="list"),
    path(T + "import/", views.import_upload, name="import"),
    path(T + "import/<uuid:draft_id>/", views.import_preview, name="import_preview"),
    path(V, views.version_detail, name="version"),
    path(V + "status/", views.version_status, name="version_status"),
    path(V + "edit/", views.version_edit, name="version_edit"),
    path(V + "next/", views.consolidate, name="consolidate"),
    path(V + "proposals/", views.proposal_list, name="proposals"),
    path(V + "compare/", views.compare, name="compare"),
    path(V + "compare.pdf", views.compare_pdf, name="compare_pdf"),
    path(V + "export.<str:fmt>", views.export, name="export"),
    path(V + "a/<uuid:article_id>/", views.article_detail, name="article"),
    path(V + "a/<uuid:article_id>/edit/", views.article_edit, name="article_edit"),
    path(V + "a/<uuid:article_id>/verdict/", views.verdict, name="verdict"),
    path(V + "a/<uuid:article_id>/propose/", views.propose, name="propose"),
    path(V + "p/<uuid:proposal_id>/support/", views.support, name="support"),
    path(V + "p/<uuid:proposal_id>/comment/", views.comment, name="comment"),
    path(V + "p/<uuid:proposal_id>/decide/", views.decide, name="decide"),
]
