"""Text written into CSV and XLSX files that a spreadsheet must show, never run."""

import re

# What a spreadsheet reads as the start of a formula (OWASP, "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?%?")


def inert(value):
    """``value`` for a cell: text that starts like a formula (= + - @, a tab or a carriage
    return) behind an apostrophe, which spreadsheets take for "this is text"; a plain
    number such as -3 or +5.5% as it is; anything else untouched."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not NUMBER.fullmatch(value):
        return "'" + value
    return value
