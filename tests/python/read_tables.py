"""Opens the report's XLSX tables with openpyxl and checks the types a spreadsheet user
relies on: codes as text, scores as numbers, and no cell that would run as a formula.

Usage: python3 tests/python/read_tables.py REPORT_DIR
"""
import sys
from pathlib import Path

from openpyxl import load_workbook


def main(report: Path) -> None:
    book = load_workbook(report / "tables" / "village_selection.xlsx")
    sheet = book.active
    header = [c.value for c in sheet[1]]
    # Headers speak the study's language (Indonesian or English).
    code = next(header.index(h) for h in ("Kode desa", "Village code") if h in header)
    score = next(header.index(h) for h in ("Skor potensi (0–100)", "Potential score (0–100)") if h in header)
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    if not rows:
        sys.exit("village_selection.xlsx has no rows")
    for row in rows:
        if not isinstance(row[code], str) or not isinstance(row[score], (int, float)):
            sys.exit(f"wrong types in {row}")
    # Scores display rounded (the cell keeps full precision).
    formats = {cell.number_format for cell in next(sheet.iter_cols(min_col=score + 1, max_col=score + 1, min_row=2))}
    if formats != {"0.0"}:
        sys.exit(f"the score column is not shown rounded: {formats}")
    for path in (report / "tables").glob("*.xlsx"):
        for r in load_workbook(path).active.iter_rows(values_only=True):
            for v in r:
                if isinstance(v, str) and v[:1] in "=+-@":
                    sys.exit(f"{path.name}: a cell would run as a formula: {v!r}")
    print(f"read_tables: {len(rows)} picks; codes are text, scores are numbers shown as 0.0, no formulas")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
