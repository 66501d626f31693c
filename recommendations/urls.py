from django.urls import path

from . import views

app_name = "recommendations"

urlpatterns = [
    path("", views.RecommendationListView.as_view(), name="list"),
    path("coordination/", views.DashboardView.as_view(), name="dashboard"),
    path("progression/", views.ProgressView.as_view(), name="progress"),
    path("comment-lire-les-statuts/", views.StatusGuideView.as_view(), name="status_guide"),
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
]
