"""The one sanitizer for user HTML (architecture rule 4), for the editor and imports alike.

The allow-list is the one of the interchange format (`dap-agenda/1`): p br strong em u a[href]
ul ol li blockquote h4 table thead tbody tr th td. Links keep only http(s) and mailto URLs.
"""

import html
import re

import nh3

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "strong",
        "em",
        "u",
        "a",
        "ul",
        "ol",
        "li",
        "blockquote",
        "h4",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    }
)
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Removed with their content: their text is code or styling, not prose.
CLEAN_CONTENT_TAGS = frozenset({"script", "style"})


def sanitize_html(html: str) -> str:
    """Return html reduced to the allow-list; text content is kept, everything else dropped."""
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(CLEAN_CONTENT_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
    ).strip()


# Where one block of text ends and the next begins: dropping these tags must leave a space,
# or "styregruppen</p><ul><li>drøfter" would read as one word.
_BLOCK_END = re.compile(r"(?i)(<br\s*/?>|</(?:p|li|h4|td|th|tr|blockquote|ul|ol|table)>)")


def html_to_text(markup: str) -> str:
    """Plain text of (sanitized) HTML, words of adjacent blocks kept apart, entities decoded,
    white space folded: for snippets, labels and e-mail."""
    spaced = _BLOCK_END.sub(r"\1 ", markup or "")
    return " ".join(html.unescape(nh3.clean(spaced, tags=set())).split())
