"""The one sanitizer for user HTML (architecture rule 4), for the editor and imports alike.

The allow-list is the one of the interchange format (`dap-agenda/1`): p br strong em u a[href]
ul ol li blockquote h4 table thead tbody tr th td. Links keep only http(s) and mailto URLs.
"""

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


def html_to_text(html: str) -> str:
    """Plain text of sanitized HTML (for search and e-mail)."""
    return nh3.clean(html, tags=set()).strip()
