"""Record text in Hindi: country names from CLDR, and the optional `<field>_hi` fields.

Two fixed languages, so a record's Hindi text is kept in plain optional fields beside the
English ones (`title_hi` beside `title`), named in the catalogue (`RecordType.hindi_fields`):
the admin, the exports, the API, the Data Package and the history carry them like any other
field. A country partner's Hindi name is not stored: it is CLDR's name of its ISO 3166-1
code (Babel's `Locale("hi").territories`), so nobody types, or mistypes, it by hand.

`reader_text()` is the one rule of the pages: on a Hindi page the Hindi text where there is
one, else the English text marked as English; on an English page the English text.
"""

from functools import cache

from babel import Locale
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

HINDI = "hi"
SUFFIX = "_hi"


@cache
def cldr_territories() -> dict[str, str]:
    """CLDR's Hindi names of countries and territories, by ISO 3166-1 alpha-2 code."""
    return dict(Locale(HINDI).territories)


def cldr_name(alpha_2: str) -> str:
    """CLDR's Hindi name of the country `alpha_2` ("FR": "फ़्रांस"), or "" if it has none."""
    return cldr_territories().get((alpha_2 or "").upper(), "") if alpha_2 else ""


def codes_named(word: str) -> list[str]:
    """ISO codes of the countries whose CLDR Hindi name contains `word` (for search)."""
    return sorted(
        code
        for code, name in cldr_territories().items()
        if word in name and len(code) == 2 and code.isalpha()
    )


HELP = _("Optional. Shown on the Hindi pages; where it is empty, they show the English text.")


def char_field(verbose_name, max_length: int):
    """An optional Hindi counterpart of a CharField (`title_hi` of `title`)."""
    return models.CharField(verbose_name, max_length=max_length, blank=True, help_text=HELP)


def text_field(verbose_name):
    """An optional Hindi counterpart of a TextField (`summary_hi` of `summary`)."""
    return models.TextField(verbose_name, blank=True, help_text=HELP)


def is_hindi_page() -> bool:
    return (get_language() or "").split("-")[0] == HINDI


def hindi_value(record, field: str) -> str:
    """The record's Hindi text for `field` ("title": its `title_hi`), or ""."""
    return getattr(record, field + SUFFIX, "") or ""


def reader_text(record, field: str) -> tuple[str, bool]:
    """(text, is_english): what a reader of the active language sees of `field`."""
    english = getattr(record, field, "") or ""
    if not is_hindi_page():
        return str(english), False
    hindi = hindi_value(record, field)
    if hindi:
        return hindi, False
    return str(english), bool(english)
