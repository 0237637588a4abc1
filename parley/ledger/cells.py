"""Table cells that a spreadsheet will not run: OWASP's advice against CSV (formula) injection.

A cell that starts with = + - @ (or a tab or carriage return, which some spreadsheets skip before
reading a formula) is taken as a formula by Excel, LibreOffice and Google Sheets; a URL or a name
from a scraped page could then run a command on the reader's machine. Such text cells get a
leading single quote, which spreadsheets show as text. Numbers are left alone (-3.5 is a number,
not a formula), and `raw` keeps every cell verbatim for programs that read the file.
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """`value` with a leading quote when it is text a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(row: dict[str, Any]) -> dict[str, Any]:
    return {key: safe_cell(value) for key, value in row.items()}
