from django.urls import path

from . import views

app_name = "alerts"

urlpatterns = [
    path("", views.SubscribeView.as_view(), name="subscribe"),
    path("demande-envoyee/", views.SentView.as_view(), name="sent"),
    path("confirmer/<safe:key>/", views.ConfirmView.as_view(), name="confirm"),
    path("desabonner/<safe:key>/", views.UnsubscribeView.as_view(), name="unsubscribe"),
    path("gerer/<safe:key>/", views.ManageView.as_view(), name="manage"),
]
