from django.urls import path

from . import views

app_name = "alerts"

urlpatterns = [
    path("", views.SubscribeView.as_view(), name="subscribe"),
    path("demande-envoyee/", views.SentView.as_view(), name="sent"),
    path("confirmer/<str:key>/", views.ConfirmView.as_view(), name="confirm"),
    path("desabonner/<str:key>/", views.UnsubscribeView.as_view(), name="unsubscribe"),
    path("gerer/<str:key>/", views.ManageView.as_view(), name="manage"),
]
