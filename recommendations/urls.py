from django.urls import path

from . import views

app_name = "recommendations"

urlpatterns = [
    path("", views.RecommendationListView.as_view(), name="list"),
    path("coordination/", views.DashboardView.as_view(), name="dashboard"),
    path("progression/", views.ProgressView.as_view(), name="progress"),
    path("comment-lire-les-statuts/", views.StatusGuideView.as_view(), name="status_guide"),
    path(
        "reponse/<id:transmission>/<safe:key>/",
        views.RecipientAnswerView.as_view(),
        name="recipient_answer",
    ),
    path(
        "reponse/<id:transmission>/<safe:key>/nouveau-lien/",
        views.NewAnswerLinkView.as_view(),
        name="new_answer_link",
    ),
    path("<safe:reference>/", views.RecommendationDetailView.as_view(), name="detail"),
    path(
        "<safe:reference>/historique/",
        views.RecommendationHistoryView.as_view(),
        name="history",
    ),
    path(
        "<safe:reference>/historique/<id:sequence>/",
        views.LocateEventView.as_view(),
        name="event",
    ),
    path("<safe:reference>/valider/", views.ValidateView.as_view(), name="validate"),
    path("<safe:reference>/transmettre/", views.TransmitView.as_view(), name="transmit"),
    path(
        "<safe:reference>/transmissions/<id:transmission>/reponse/",
        views.AnswerView.as_view(),
        name="answer",
    ),
    path(
        "<safe:reference>/transmissions/<id:transmission>/corriger/",
        views.TransmissionCorrectionView.as_view(),
        name="correct_transmission",
    ),
    path(
        "<safe:reference>/documents/<id:pk>/<safe:filename>",
        views.FrozenDocumentView.as_view(),
        name="document",
    ),
    path(
        "<safe:reference>/mise-en-oeuvre/",
        views.ImplementationView.as_view(),
        name="implementation",
    ),
    path("<safe:reference>/echeance/", views.TargetDateView.as_view(), name="target_date"),
    path(
        "<safe:reference>/evenements/<id:sequence>/note/",
        views.NoteView.as_view(),
        name="note",
    ),
    path(
        "<safe:reference>/transmissions/<id:transmission>/lien-de-reponse/",
        views.AnswerLinkView.as_view(),
        name="send_answer_link",
    ),
    path(
        "<safe:reference>/transmissions/<id:transmission>/retirer-les-liens/",
        views.AnswerLinkView.as_view(revoke=True),
        name="revoke_answer_links",
    ),
]
