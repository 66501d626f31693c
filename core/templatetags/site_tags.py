from django import template
from django.conf import settings
from django.urls import translate_url

from core import cache as page_cache
from core.links import language_key, per_language

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


# The visitors' menu and footer, per page address and language (a few KB each).
_furniture = page_cache.ProcessStore(maxsize=2048)


@register.tag("kept_for_visitors")
def kept_for_visitors(parser, token):
    """``{% kept_for_visitors "name" %}…{% endkept_for_visitors %}``: drawn once per content
    version, language and page address for readers who are not signed in, then kept in this
    process (``core.cache.ProcessStore``).

    Only for a part of the layout that depends on nothing else: the site's own rows (any write
    makes a new version), the language and ``request.path``; never on the query string, the
    user, a form or a token. Signed-in readers always get it drawn for them.
    """
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError(f"{bits[0]} takes one name")
    nodelist = parser.parse(("endkept_for_visitors",))
    parser.delete_first_token()
    return KeptForVisitorsNode(nodelist, bits[1].strip("\"'"))


class KeptForVisitorsNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        request, user = context.get("request"), context.get("user")
        if (
            not settings.PUBLIC_PAGE_CACHE
            or request is None
            or user is None
            or user.is_authenticated
        ):
            return self.nodelist.render(context)
        version = page_cache.current_version()
        key = (self.name, *language_key(), request.path)
        html = _furniture.get(key, version)
        if html is None:
            html = self.nodelist.render(context)
            _furniture.set(key, html, version)
        return html
