from django.urls import path

from . import views

app_name = "themes"

urlpatterns = [
    path("document/", views.DocumentView.as_view(), name="document"),
    path("themes/<slug:slug>/", views.ThemeDetailView.as_view(), name="detail"),
    path("conclusion/", views.ConclusionView.as_view(), name="conclusion"),
]
