"""Partners' plain text as HTML: everything escaped, web addresses made links, lines kept."""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

# An address starts with http:// or https:// and runs to the next space, quote or angle bracket;
# nothing else (javascript:, data:, www.…) ever becomes a link.
URL = re.compile(r"\bhttps?://[^\s<>\"'`]+", re.IGNORECASE)
TRAILING = ".,;:!?…»’”"
PAIRS = {")": "(", "]": "["}


def _split_trailing(url):
    """Leave out punctuation that ends the sentence rather than the address."""
    trail = ""
    while url:
        last = url[-1]
        if last in TRAILING or (last in PAIRS and url.count(last) > url.count(PAIRS[last])):
            trail = last + trail
            url = url[:-1]
        else:
            break
    return url, trail


def _link(url):
    return f'<a href="{escape(url)}" rel="nofollow ugc">{escape(url)}</a>'


def plain_text_to_html(text):
    """Escape a partner's text, link its http(s) addresses (nofollow ugc), keep its line breaks."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    parts = []
    position = 0
    for match in URL.finditer(text):
        url, trail = _split_trailing(match.group(0))
        if not re.match(r"https?://[^/?#]", url, re.IGNORECASE):
            continue
        parts.append(escape(text[position : match.start()]))
        parts.append(_link(url))
        parts.append(escape(trail))
        position = match.end()
    parts.append(escape(text[position:]))
    return mark_safe("<br>\n".join("".join(parts).split("\n")))
