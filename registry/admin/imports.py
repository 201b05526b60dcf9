"""Import limits: a file that would hurt the server, or would import wrongly, is refused.

The import page's form (django-import-export's ImportForm) checks the upload before anything
parses it into a dataset, and answers with an error on the page:

- its size, against REGISTRY_IMPORT_MAX_BYTES, before the file is read at all;
- its rows, read one at a time as the import will read them, and counted against
  REGISTRY_IMPORT_MAX_ROWS (the count stops one row past the limit);
- its form: a CSV must be UTF-8 text that Python's csv module reads in strict mode, so an
  unterminated quote is an error naming its line, not one row that swallows the rest of the
  file; an XLSX must open as a workbook; either needs a header and at least one row.
"""

import codecs
import csv
from contextlib import closing
from itertools import islice

import openpyxl
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ImportForm


class UnreadableFile(Exception):
    """The upload cannot be imported as it is; the message says why, for the import page."""


def csv_rows(upload, encoding):
    """The CSV's records: the first line (the header, even if blank, as the import takes it),
    then the rows, skipping blank lines as the import does."""
    reader = csv.reader(codecs.iterdecode(upload, encoding), strict=True)
    width = None
    while True:
        line = reader.line_num + 1  # where the next record starts
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise UnreadableFile(csv_error_message(line, error)) from error
        except UnicodeDecodeError as error:
            message = _(
                "Line %(line)s is not UTF-8 text. Save the file as “CSV UTF-8” and import it again."
            )
            raise UnreadableFile(message % {"line": reader.line_num + 1}) from error
        if width is not None and not row:
            continue
        width = len(row) if width is None else width
        if len(row) > width:
            message = _(
                "Line %(line)s has %(values)s values but the header names %(columns)s columns."
            )
            raise UnreadableFile(message % {"line": line, "values": len(row), "columns": width})
        yield row


def csv_error_message(line, error) -> str:
    if "unexpected end of data" in str(error):
        message = _(
            'Line %(line)s opens a quoted value that is never closed (a " is missing), '
            "so the rest of the file would be read as one value."
        )
        return message % {"line": line}
    message = _("Line %(line)s is not valid CSV (%(error)s).")
    return message % {"line": line, "error": error}


def xlsx_rows(upload, encoding=None):
    """The active sheet's rows, header first (the sheet the import reads)."""
    try:
        book = openpyxl.load_workbook(upload, read_only=True, data_only=True)
    except Exception as error:  # a damaged or foreign file raises many kinds (zip, XML, key)
        raise UnreadableFile(not_a_workbook()) from error
    try:
        yield from book.active.iter_rows(values_only=True)
    except Exception as error:
        raise UnreadableFile(not_a_workbook()) from error
    finally:
        book.close()


def not_a_workbook() -> str:
    return _("The file is not a valid Excel workbook (.xlsx). Is it the format chosen below?")


ROW_READERS = {CSV: csv_rows, XLSX: xlsx_rows}


def size_problem(upload) -> str | None:
    limit = settings.REGISTRY_IMPORT_MAX_BYTES
    if upload.size <= limit:
        return None
    message = _(
        "The file is %(size)s; an import may be at most %(limit)s. Split it and import the parts."
    )
    return message % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}


def rows_problem(upload, file_format, encoding) -> str | None:
    """Why the file's rows cannot be imported, or None; reads no further than the limit."""
    limit = settings.REGISTRY_IMPORT_MAX_ROWS
    try:
        with closing(ROW_READERS[file_format](upload, encoding)) as rows:
            header = next(rows, None)
            if header is None or not any(header):
                return _("The first line of the file should name the columns; it is empty.")
            count = sum(1 for _row in islice(rows, limit + 1))
    except UnreadableFile as error:
        return str(error)
    finally:
        upload.seek(0)  # the import reads the file again from its start
    if count == 0:
        return _("The file has a header but no rows to import.")
    if count > limit:
        message = ngettext(
            "The file has more than %(limit)s row; import at most %(limit)s at a time.",
            "The file has more than %(limit)s rows; import at most %(limit)s at a time.",
            limit,
        )
        return message % {"limit": number_format(limit, force_grouping=True)}
    return None


class LimitedImportForm(ImportForm):
    """The import page's form, refusing a file too large, too long or malformed."""

    def __init__(self, formats, resources, encoding="utf-8-sig", **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.formats = formats
        self.encoding = encoding

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        problem = size_problem(upload)
        if problem:
            raise ValidationError(problem)
        return upload

    def clean(self):
        cleaned = super().clean()
        upload, chosen = cleaned.get("import_file"), cleaned.get("format")
        if upload is None or chosen in (None, ""):
            return cleaned
        file_format = self.formats[int(chosen)]
        if file_format in ROW_READERS:
            problem = rows_problem(upload, file_format, self.encoding)
            if problem:
                self.add_error("import_file", problem)
        return cleaned


class ImportLimitsMixin:
    """For an ImportMixin admin: the import page uses LimitedImportForm, in the admin's encoding."""

    import_form_class = LimitedImportForm

    def get_import_form_kwargs(self, request):
        return {**super().get_import_form_kwargs(request), "encoding": self.from_encoding}
