"""The addresses of the dossiers, as the app that makes them registered them."""

from django import template

from recommendations import documents

register = template.Library()


@register.simple_tag
def dossier_url(scope, subject=None, fmt="html"):
    """``{% dossier_url "recipient" recipient "pdf" as url %}``: empty when there is none."""
    return documents.dossier_url(scope, subject, fmt)
