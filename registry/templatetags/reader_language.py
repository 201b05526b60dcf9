"""`{% in_reader_language record "title" %}`: a record's text in the language of the page.

On a Hindi page: its Hindi text (`title_hi`; a country's CLDR name) where there is one,
else the English text inside `<span lang="en">` followed by a small "English only" note,
so screen readers switch voice and sighted readers know why. On an English page: the
English text, exactly as `{{ record.title }}` shows it. Without a field, the record's name
(the catalogue's `name_field`; its str() for types with none). `plain=True` gives the text
alone, for `<title>` and attributes, where no markup may go. The rule is registry.hindi's.
"""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext

from registry import catalogue, hindi

register = template.Library()


def name_field(record) -> str:
    try:
        return catalogue.of(type(record)).name_field
    except KeyError:
        return ""


@register.simple_tag
def in_reader_language(record, field: str = "", plain: bool = False):
    if record is None or record == "":
        return ""
    field = field or name_field(record)
    if not field:
        return str(record)
    text, is_english = hindi.reader_text(record, field)
    if plain or not is_english:
        return text
    return format_html(
        '<span lang="en">{}</span> <small class="english-only">({})</small>',
        text,
        gettext("English only"),
    )
