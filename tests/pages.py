"""Reading a response as a person reads the page."""

import html
import re

from django.urls import reverse


def text_of(response):
    """The page's HTML with its entities decoded."""
    return html.unescape(response.content.decode())


def words_of(response):
    """The words a reader sees: tags left out, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def post_comment_url(recommendation):
    return reverse("discussion:comment", args=[recommendation.reference])
