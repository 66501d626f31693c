from django.urls import path

from . import recipient_views

app_name = "recipients"

urlpatterns = [
    path("", recipient_views.RecipientListView.as_view(), name="list"),
    path("<slug:slug>/", recipient_views.RecipientDetailView.as_view(), name="detail"),
]
