from django.urls import path

from . import views

app_name = "partners"

urlpatterns = [
    path("", views.StartView.as_view(), name="start"),
    path("bienvenue/", views.WelcomeView.as_view(), name="welcome"),
    path("compte/", views.AccountView.as_view(), name="account"),
    path("inviter/", views.InviteView.as_view(), name="invite"),
    path("invitation/<safe:token>/", views.AcceptInvitationView.as_view(), name="accept"),
    path("partenaires/", views.PartnerAccountListView.as_view(), name="accounts"),
    path(
        "partenaires/<id:pk>/desactiver/",
        views.AccountActivationView.as_view(active=False),
        name="deactivate",
    ),
    path(
        "partenaires/<id:pk>/reactiver/",
        views.AccountActivationView.as_view(active=True),
        name="reactivate",
    ),
    # Django's own reset view, with an HTML part and the account's language: before auth.urls.
    path("password_reset/", views.PartnerPasswordResetView.as_view(), name="password_reset"),
]
