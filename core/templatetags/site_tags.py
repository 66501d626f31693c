from django import template
from django.urls import translate_url

register = template.Library()


@register.simple_tag(takes_context=True)
def translated_url(context, language):
    """The current page's address in another language, with its query string."""
    request = context["request"]
    return translate_url(request.get_full_path(), language)
