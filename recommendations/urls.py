from django.urls import path

from . import views

app_name = "recommendations"

urlpatterns = [
    path("", views.RecommendationListView.as_view(), name="list"),
    path("coordination/", views.DashboardView.as_view(), name="dashboard"),
    path("progression/", views.ProgressView.as_view(), name="progress"),
    path(
        "reponse/<int:transmission>/<str:key>/",
        views.RecipientAnswerView.as_view(),
        name="recipient_answer",
    ),
    path(
        "reponse/<int:transmission>/<str:key>/nouveau-lien/",
        views.NewAnswerLinkView.as_view(),
        name="new_answer_link",
    ),
    path("<str:reference>/", views.RecommendationDetailView.as_view(), name="detail"),
    path("<str:reference>/valider/", views.ValidateView.as_view(), name="validate"),
    path("<str:reference>/transmettre/", views.TransmitView.as_view(), name="transmit"),
    path(
        "<str:reference>/transmissions/<int:transmission>/reponse/",
        views.AnswerView.as_view(),
        name="answer",
    ),
    path(
        "<str:reference>/mise-en-oeuvre/",
        views.ImplementationView.as_view(),
        name="implementation",
    ),
    path("<str:reference>/echeance/", views.TargetDateView.as_view(), name="target_date"),
    path(
        "<str:reference>/evenements/<int:sequence>/note/",
        views.NoteView.as_view(),
        name="note",
    ),
    path(
        "<str:reference>/transmissions/<int:transmission>/lien-de-reponse/",
        views.AnswerLinkView.as_view(),
        name="send_answer_link",
    ),
    path(
        "<str:reference>/transmissions/<int:transmission>/retirer-les-liens/",
        views.AnswerLinkView.as_view(revoke=True),
        name="revoke_answer_links",
    ),
]
