"""Partners' text renders inert: escaped, links marked nofollow ugc, hostile names harmless."""

import re

import pytest
from django.urls import reverse

from discussion import services as discussion
from discussion.rendering import plain_text_to_html
from tests.factories import OrganisationFactory, PartnerFactory
from themes.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        (
            "Voir https://example.org/a?b=1&c=2.",
            'Voir <a href="https://example.org/a?b=1&amp;c=2" rel="nofollow ugc">'
            "https://example.org/a?b=1&amp;c=2</a>.",
        ),
        (
            "(lien : http://example.org/x_(y))",
            '(lien : <a href="http://example.org/x_(y)" rel="nofollow ugc">'
            "http://example.org/x_(y)</a>)",
        ),
        ("javascript:alert(1)", "javascript:alert(1)"),
        (
            'https://e.org/"><img src=x onerror=alert(1)>',
            '<a href="https://e.org/" rel="nofollow ugc">https://e.org/</a>'
            "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;",
        ),
        ("un\ndeux\r\ntrois", "un<br>\ndeux<br>\ntrois"),
        ("http:// rien", "http:// rien"),
    ],
)
def test_plain_text_is_escaped_and_links_are_nofollow_ugc(text, expected):
    assert plain_text_to_html(text) == expected


# Hostile input renders inert.


PAYLOAD = (
    '<script>alert("corps")</script> https://example.org/"><img src=x onerror=alert(1)> '
    "javascript:alert(2)"
)


def test_xss_in_comment_author_and_organisation_renders_inert(client, recommendation, coordinator):
    evil_org = OrganisationFactory(
        slug="evil", name='<script>alert("org")</script>', kind=Organisation.Kind.CISP
    )
    evil = PartnerFactory(
        username="evil", organisation=evil_org, first_name='<img src=x onerror=alert("nom")>'
    )
    comment = discussion.post_comment(recommendation=recommendation, author=evil, body=PAYLOAD)
    discussion.cosign(recommendation=recommendation, by=evil)
    discussion.report_comment(comment, reason='<b onmouseover="alert(3)">x</b>', by=coordinator)
    public = client.get(recommendation.get_absolute_url()).content.decode()
    client.force_login(coordinator)
    pages = [
        public,
        client.get(recommendation.get_absolute_url()).content.decode(),
        client.get(reverse("recommendations:dashboard")).content.decode(),
        client.get(reverse("discussion:hide", args=[comment.pk])).content.decode(),
    ]
    for raw in pages:
        assert "<script>alert" not in raw
        assert "<img src=x" not in raw
        assert 'href="javascript:' not in raw
        assert "<b onmouseover" not in raw
        assert "&lt;script&gt;alert(&quot;corps&quot;)&lt;/script&gt;" in raw
        assert "&lt;img src=x onerror=alert(&quot;nom&quot;)&gt;" in raw
        assert '<a href="https://example.org/" rel="nofollow ugc">https://example.org/</a>' in raw
    assert "&lt;script&gt;alert(&quot;org&quot;)&lt;/script&gt;" in public
    assert "soutenue par 1 organisation" in " ".join(re.sub(r"<[^>]+>", " ", public).split())
