from django.urls import path

from . import feeds, views

app_name = "opendata"

urlpatterns = [
    path("donnees-ouvertes/", views.OpenDataView.as_view(), name="index"),
    path("fils/tout.atom", feeds.FollowUpFeed(), name="feed"),
    path(
        "fils/recommandations/<safe:reference>.atom",
        feeds.RecommendationFeed(),
        name="feed_recommendation",
    ),
    path("fils/themes/<slug:slug>.atom", feeds.ThemeFeed(), name="feed_theme"),
    path("fils/destinataires/<slug:slug>.atom", feeds.RecipientFeed(), name="feed_recipient"),
]
