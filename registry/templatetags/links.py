"""`{{ url|web_link }}` and `{{ url|web_link:text }}`: a stored address as a link, or as text.

The models accept web addresses only (registry.models.base.WEB_URL), but the ORM, fixtures
and a restore write without validation: a javascript:, data: or vbscript: address must
never become clickable. Only http, https and mailto addresses are linked; any other value
is shown as plain text.
"""

from django import template
from django.utils.html import conditional_escape, format_html

register = template.Library()

LINKED_PREFIXES = ("http://", "https://", "mailto:")


def is_web_url(url) -> bool:
    """The raw value must start with the prefix, not stripped: browsers skip leading spaces
    and drop tabs inside a scheme, so " javascript:" and "java\\tscript:" are not linked."""
    return isinstance(url, str) and url.lower().startswith(LINKED_PREFIXES)


@register.filter
def web_link(url, text=None):
    label = text or url
    if is_web_url(url):
        return format_html('<a href="{}" rel="noopener">{}</a>', url, label)
    return conditional_escape(label)
