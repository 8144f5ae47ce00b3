"""The on-screen view of a finished run: its table, each figure beside its change from
the previous period's run of the same report and unit."""

from dataclasses import dataclass

from ..catalogue.base import change, format_value


@dataclass
class Cell:
    text: str
    delta: str = ""  # "+3", "-1"; empty when there is nothing to compare
    percent: str = ""  # "+12.5%"
    direction: str = ""  # "up", "down", "same"


def screen_rows(table, previous=None):
    """[(row, [Cell])] for ``table``; ``previous`` is the previous period's Table or None.
    Rows and columns are matched by key, so a beat added since compares with nothing."""
    before = {row.key: row.values for row in previous.rows} if previous else {}
    result = []
    for row in table.rows:
        old = before.get(row.key)
        cells = []
        for column in table.columns:
            value = row.values.get(column.key)
            cell = Cell(format_value(value, column.format))
            previous_value = old.get(column.key) if old else None
            if isinstance(value, int | float) and isinstance(previous_value, int | float):
                difference = value - previous_value
                if difference == 0:
                    cell.delta, cell.direction = "±0", "same"
                    cells.append(cell)
                    continue
                if column.format == "int":
                    cell.delta = f"{difference:+d}"
                else:
                    cell.delta = f"{difference:+.1f}"
                percent = change(value, previous_value)
                if percent is not None and column.format == "int":
                    cell.percent = f"{percent:+.1f}%"
                cell.direction = "up" if difference > 0 else "down"
            cells.append(cell)
        result.append((row, cells))
    return result
