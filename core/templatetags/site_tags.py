from django import template
from django.urls import translate_url

from core.links import per_language

register = template.Library()


@register.simple_tag(takes_context=True)
def translated_url(context, language):
    """The current page's address in another language, with its query string."""
    path, mark, query = context["request"].get_full_path().partition("?")
    return _translated_path(path, language) + mark + query


@per_language(maxsize=4096)
def _translated_path(path, language):
    """A path in another language (the query string is the same in every language)."""
    return translate_url(path, language)
