"""What the account tests share: the invitee's password, hostile names, the forms' data."""

from django.urls import reverse

from partners import services

PASSWORD = "Un-mot-de-passe-solide-2026"
XSS_NAME = "<script>alert(1)</script>"
XSS_ORGANISATION = "<img src=x onerror=alert(1)>"


def accept_url(invitation):
    return reverse("partners:accept", kwargs={"token": services.invitation_token(invitation)})


def accept_data(**overrides):
    return {
        "first_name": "Jeanne",
        "last_name": "Dupont",
        "password1": PASSWORD,
        "password2": PASSWORD,
        **overrides,
    }


def text_of(response):
    return response.content.decode()


def invite_data(organisation, **overrides):
    return {
        "first_name": "Jeanne",
        "last_name": "Dupont",
        "email": "jeanne.dupont@example.org",
        "organisation": organisation.pk,
        "language": "fr-be",
        **overrides,
    }
