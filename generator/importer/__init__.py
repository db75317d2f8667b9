"""Import scores from a spreadsheet (.csv or .xlsx) into council files, one module per stage:

  table     reading a table: the CSV or workbook, its header and each cell as a value
  councils  finding each row's council: by GSS code, else an earlier code, else by name,
            against the content folder and the register of councils
  apply     applying a row to a council file, changing only what differs
  run       the import itself: the stages in order, the would-be files checked, then written

A row adds an assessment, or updates the one published on the same date; narrative
text is never deleted or rewritten. A blank cell leaves what is there; a cell holding
only `-` clears the value.

Every row is checked, and the would-be files are checked by the same loader as `check`,
before anything is written: if anything is wrong, nothing is written, and each problem
names the spreadsheet's row and column. Files are written atomically and keep their
comments, key order, line endings and byte-order mark; a file is written only when a
value in it changed.
"""

from .apply import NEAR_DAYS, apply_row, round_trip_yaml
from .councils import CouncilIndex, Known, council_of
from .run import ImportOptions, ImportResult, import_table
from .table import (
    ASSESSMENT_COLUMNS,
    CLEAR,
    COUNCIL_COLUMNS,
    HEADER_ALIASES,
    Row,
    Table,
    column_letter,
    derived_columns,
    header_key,
    import_columns,
    parse_rows,
    read_table,
)

__all__ = [
    "ASSESSMENT_COLUMNS",
    "CLEAR",
    "COUNCIL_COLUMNS",
    "HEADER_ALIASES",
    "NEAR_DAYS",
    "CouncilIndex",
    "ImportOptions",
    "ImportResult",
    "Known",
    "Row",
    "Table",
    "apply_row",
    "column_letter",
    "council_of",
    "derived_columns",
    "header_key",
    "import_columns",
    "import_table",
    "parse_rows",
    "read_table",
    "round_trip_yaml",
]
