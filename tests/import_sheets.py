"""Writes the spreadsheets tests/suite/import.rs imports: each register in NHS
England's template layout as .xlsx (openpyxl), .ods (odfpy) and .csv, with
what real ones have: merged title rows, a header over two rows, blank rows,
a person over several rows (a merged name cell), dates as date cells, serial
numbers, dd/mm/yyyy and "3 March 2016", money with £ and commas.

The files are committed in tests/fixtures/sheets/, so that `cargo test`
needs neither library. After changing this script, make them again and
commit them:

    python3 -m pip install openpyxl odfpy
    python3 tests/import_sheets.py tests/fixtures/sheets
"""

import csv
import datetime
import sys
from pathlib import Path

try:
    import openpyxl
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import CoveredTableCell, Table, TableCell, TableRow
    from odf.text import P
except ImportError as e:
    sys.exit(f"tests/import_sheets.py needs openpyxl and odfpy: pip install openpyxl odfpy ({e})")

D = datetime.date


class Serial:
    """A date typed as an Excel serial number: a plain number cell."""

    def __init__(self, n):
        self.n = n


class Pounds:
    """Money in a number cell formatted as currency (text with £ in CSV)."""

    def __init__(self, n):
        self.n = n


INTEREST_HEADER = [
    [
        "Name",
        "Current position(s) held- i.e. Governing Body, Member practice, Employee or other",
        "Declared Interest- (Name of the organisation and nature of business)",
        "Type of Interest",
        None,
        None,
        None,
        "Date of Interest",
        None,
        "Action taken to mitigate risk",
    ],
    [
        None,
        None,
        None,
        "Financial Interests",
        "Non-Financial Professional Interests",
        "Non-Financial Personal Interests",
        "Is the interest direct or indirect?",
        "From",
        "To",
        None,
    ],
]

INTERESTS = {
    "sheet": "Register of interests",
    "rows": [
        ["NHS Beta CCG"],
        ["Register of interests: Primary Care Commissioning Committee"],
        [],
        *INTEREST_HEADER,
        [
            "Dr Sam Sample",
            "GP partner\nGoverning Body member",
            "Partner, Example Surgery: PMS contract",
            "X",
            None,
            None,
            "Direct",
            D(2009, 4, 1),
            None,
            "Takes no part in decisions about the practice",
        ],
        [None, None, "Member of the local medical committee", None, "✓", None, "Direct", Serial(40909), "30/06/2015", "None needed"],
        [],
        ["Jane Example", "Lay member, Chair", "Nil", None, None, None, None, None, None, None],
        [
            "Beta Chair",
            "GP Chair",
            'Spouse is a director of Acme Ltd, a "care home" company',
            None,
            None,
            None,
            "Indirect",
            "3 March 2016",
            None,
            "Declared at each meeting; takes no part",
        ],
        ["Beta Chair", "GP Chair", "Trustee, Riverside Mind #2", None, None, "X", "Direct", "2015-04-01", "Ongoing", "None needed"],
    ],
    # (first row, first column, last row, last column), from 1
    "merged": [(1, 1, 1, 10), (2, 1, 2, 10), (4, 4, 4, 7), (4, 8, 4, 9), (4, 1, 5, 1), (4, 2, 5, 2), (4, 3, 5, 3), (4, 10, 5, 10), (6, 1, 7, 1)],
}

# The same register with rows that cannot be imported: a date that is not a
# day, and an interest with no type.
BAD_INTERESTS = {
    "sheet": "Register of interests",
    "rows": [
        ["Register of interests"],
        *INTEREST_HEADER,
        ["Dr Sam Sample", "GP partner", "Partner, Example Surgery", "X", None, None, "Direct", "31/02/2016", None, "Takes no part"],
        ["Jane Example", "Lay member, Chair", "Nil"],
        ["Beta Chair", "GP Chair", "Trustee, Riverside Mind", None, None, None, "Direct", None, None, "None needed"],
    ],
    "merged": [(1, 1, 1, 10), (2, 4, 2, 7), (2, 8, 2, 9)],
}

GIFTS = {
    "sheet": "Gifts and hospitality",
    "rows": [
        ["Register of gifts and hospitality 2015/16"],
        [],
        [
            "Name",
            "Position",
            "Date of Offer",
            "Date of Receipt (if applicable)",
            "Details of Gift / Hospitality",
            "Estimated Value",
            "Supplier / Offeror (Name and Nature of Business)",
            "Details of Previous Offers or Acceptance by this Offeror/ Supplier",
            "Details of the officer reporting the offer",
            "Declined or Accepted?",
            "Reason for Accepting or Declining",
            "Other Comments",
        ],
        [
            "Beta Chair",
            "GP Chair",
            D(2015, 6, 2),
            None,
            "Dinner at a clinical education event",
            45,
            "Example Pharma Ltd: pharmaceuticals",
            None,
            "Jo Officer",
            "Declined",
            "Under the CCG's policy",
            None,
        ],
        [
            None,
            None,
            "13/07/2015",
            None,
            "Conference place and lunch",
            Pounds(1250.5),
            "Acme Events Ltd",
            "One dinner in 2014",
            None,
            "Accepted",
            "Relevant training",
            "Reported to the board",
        ],
        [],
        ["Jo Officer", "Head of Primary Care", Serial(42432), None, "Bottle of wine", "Unknown", "Acme Ltd", None, None, "Refused", None, None],
    ],
    "merged": [(1, 1, 1, 12)],
}

DECISIONS = {
    "sheet": "Procurement decisions",
    "rows": [
        ["NHS Beta CCG: register of procurement decisions"],
        ["Updated 30 June 2016"],
        [],
        [
            "Ref No",
            "Date of decision",
            "Contract/Service title",
            "Procurement description",
            "Existing contract or new procurement (if existing include details)",
            "Procurement type – CCG procurement, collaborative procurement with partners",
            "CCG clinical lead (Name)",
            "CCG contract manager (Name)",
            "Decision making process and name of decision making committee",
            "Summary of conflicts of interest noted",
            "Actions taken to mitigate",
            "Justification for actions to mitigate conflicts of interest",
            "Contract awarded (supplier name & registered address)",
            "Contract value (£) (Total) and value to CCG",
            "Comments to note",
        ],
        [
            "BT/PC/2016/001",
            "15/01/2016",
            "Extended-hours primary care, Hub A",
            "Evening and weekend GP appointments",
            "New procurement",
            "Open tender",
            "Dr Alex Lead",
            "Jo Manager",
            "Primary Care Commissioning Committee, 15 January 2016",
            "Beta Chair is a member of the federation bidding",
            "Beta Chair left the room and did not vote",
            "No member with an interest took part in the decision",
            "Beta GP Federation Ltd\n1 Example Road\nLeeds LS1 1AA",
            Pounds(1250000),
            None,
        ],
        [
            "BT-PC-2016-002",
            D(2016, 3, 3),
            "Practice premises: Beta Health Centre",
            "Rent review",
            "Existing – extension of the 2013 lease",
            "Direct award",
            None,
            None,
            "Urgent decision by the chair and chief officer",
            "None",
            "N/A",
            None,
            "Acme Estates",
            "£250k",
            "Five-year term",
        ],
    ],
    "merged": [(1, 1, 1, 15)],
}


def write_xlsx(path, reg):
    wb = openpyxl.Workbook()
    instructions = wb.active
    instructions.title = "Instructions"
    instructions["A1"] = "How to fill in this register"
    instructions["A3"] = "Name: the person's name as it appears on the committee's papers."
    ws = wb.create_sheet(reg["sheet"])
    for r, row in enumerate(reg["rows"], start=1):
        for c, value in enumerate(row, start=1):
            if value is None:
                continue
            cell = ws.cell(row=r, column=c)
            if isinstance(value, Serial):
                cell.value = value.n
            elif isinstance(value, Pounds):
                cell.value = value.n
                cell.number_format = '"£"#,##0.00'
            elif isinstance(value, D):
                cell.value = value
                cell.number_format = "dd/mm/yyyy"
            else:
                cell.value = value
    for r1, c1, r2, c2 in reg["merged"]:
        ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)
    wb.save(path)


def write_ods(path, reg):
    doc = OpenDocumentSpreadsheet()
    table = Table(name=reg["sheet"])
    spans = {(r1, c1): (r2 - r1 + 1, c2 - c1 + 1) for r1, c1, r2, c2 in reg["merged"]}
    covered = {(r, c) for r1, c1, r2, c2 in reg["merged"] for r in range(r1, r2 + 1) for c in range(c1, c2 + 1) if (r, c) != (r1, c1)}
    width = max(len(row) for row in reg["rows"])
    for r, row in enumerate(reg["rows"], start=1):
        tr = TableRow()
        for c in range(1, width + 1):
            value = row[c - 1] if c <= len(row) else None
            if (r, c) in covered:
                tr.addElement(CoveredTableCell())
                continue
            attrs = {}
            if (r, c) in spans:
                attrs = {"numberrowsspanned": spans[(r, c)][0], "numbercolumnsspanned": spans[(r, c)][1]}
            if value is None:
                cell = TableCell(**attrs)
            elif isinstance(value, Serial):
                cell = TableCell(valuetype="float", value=value.n, **attrs)
                cell.addElement(P(text=str(value.n)))
            elif isinstance(value, Pounds):
                cell = TableCell(valuetype="currency", currency="GBP", value=value.n, **attrs)
                cell.addElement(P(text=f"£{value.n:,.2f}"))
            elif isinstance(value, D):
                cell = TableCell(valuetype="date", datevalue=value.isoformat(), **attrs)
                cell.addElement(P(text=value.strftime("%d/%m/%Y")))
            elif isinstance(value, (int, float)):
                cell = TableCell(valuetype="float", value=value, **attrs)
                cell.addElement(P(text=str(value)))
            else:
                cell = TableCell(valuetype="string", **attrs)
                for line in value.split("\n"):
                    cell.addElement(P(text=line))
            tr.addElement(cell)
        table.addElement(tr)
    doc.spreadsheet.addElement(table)
    doc.save(str(path))


def write_csv(path, reg, encoding):
    with open(path, "w", newline="", encoding=encoding) as f:
        w = csv.writer(f)
        for row in reg["rows"]:
            out = []
            for value in row:
                if value is None:
                    out.append("")
                elif isinstance(value, Serial):
                    out.append(str(value.n))
                elif isinstance(value, Pounds):
                    out.append(f"£{value.n:,.2f}")
                elif isinstance(value, D):
                    out.append(value.strftime("%d/%m/%Y"))
                else:
                    out.append(str(value))
            w.writerow(out)


def main():
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    for name, reg, encoding in [("interests", INTERESTS, "utf-8-sig"), ("gifts", GIFTS, "utf-8"), ("decisions", DECISIONS, "cp1252")]:
        write_xlsx(out / f"{name}.xlsx", reg)
        write_ods(out / f"{name}.ods", reg)
        # Excel's "CSV UTF-8" has a byte order mark; its "CSV (Comma delimited)" is Windows-1252.
        write_csv(out / f"{name}.csv", reg, encoding)
    write_xlsx(out / "bad-interests.xlsx", BAD_INTERESTS)


main()
