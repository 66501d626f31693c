from django.urls import path

from . import views

app_name = "recommendations"

urlpatterns = [
    path("", views.RecommendationListView.as_view(), name="list"),
    path("coordination/", views.DashboardView.as_view(), name="dashboard"),
    path("progression/", views.ProgressView.as_view(), name="progress"),
    path("<safe:reference>/", views.RecommendationDetailView.as_view(), name="detail"),
    path("<safe:reference>/valider/", views.ValidateView.as_view(), name="validate"),
    path("<safe:reference>/transmettre/", views.TransmitView.as_view(), name="transmit"),
    path(
        "<safe:reference>/transmissions/<id:transmission>/reponse/",
        views.AnswerView.as_view(),
        name="answer",
    ),
    path(
        "<safe:reference>/mise-en-oeuvre/",
        views.ImplementationView.as_view(),
        name="implementation",
    ),
]
