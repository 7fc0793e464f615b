#!/usr/bin/env python3
"""Check that the root README's comparison table has not drifted from itself.

The table is copied from one run of compare.sh, and its figures live only there (the other
READMEs link to it). A figure edited by hand without its ratio, or a ratio without its figures,
is caught here: every peer's cell says how Java compares with it ('3.0x faster', '1.5x more
memory'), and that ratio must follow from the Java cell and the peer's figure, within what their
rounding to three digits allows. It also checks that each 'Nx the floor' follows from the floor row
under it. Run by .ci/run; needs nothing but Python 3.

usage: check_readme_table.py [README.md]
"""

import re
import sys

UNITS = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "MiB": 1.0}
CELL = re.compile(r"^([\d,.]+)\s*(us|ms|s|MiB|/s)")
VERDICT = re.compile(r"\(([\d,.]+)x (faster|slower|less memory|more memory)\)")
FLOOR = re.compile(r"\(([\d,.]+)x the floor\)")
TOLERANCE = 0.03  # three-digit figures: a ratio of two may be off by about 1% each way


def figure(text):
    """The value of a cell's figure in a common unit (seconds, MiB, or items per second)."""
    match = CELL.match(text.strip())
    if not match:
        return None
    number = float(match.group(1).replace(",", ""))
    unit = match.group(2)
    return number if unit == "/s" else number * UNITS[unit]


def table(lines):
    """The rows of the table whose header starts with '| Workload | Java', as lists of cells."""
    rows, inside = [], False
    for line in lines:
        if line.startswith("| Workload | Java"):
            inside = True
            continue
        if inside and line.startswith("|---"):
            continue
        if inside and not line.startswith("|"):
            break
        if inside:
            rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows


def close(printed, computed):
    return abs(printed - computed) <= TOLERANCE * computed + 0.051  # the last digit printed


def problems(rows):
    found = []
    for index, cells in enumerate(rows):
        label, java_cell, peers = cells[0], cells[1], cells[2:-1]
        java = figure(java_cell)
        floor_match = FLOOR.search(java_cell)
        if floor_match and java:
            floors = [figure(row[1]) for row in rows[index + 1:]
                      if row[0].startswith("floor:")][:1]
            if floors and floors[0]:
                printed = float(floor_match.group(1).replace(",", ""))
                if not close(printed, java / floors[0]):
                    found.append(f"{label[:60]}: Java's '{printed}x the floor' does not follow "
                                 f"from {java_cell!r} and the floor row {floors[0]:g}")
        for peer_cell in peers:
            verdict = VERDICT.search(peer_cell)
            peer = figure(peer_cell)
            if not verdict or peer is None or not java:
                continue
            printed = float(verdict.group(1).replace(",", ""))
            throughput = java_cell.strip().split(" ")[0].endswith("/s")
            better = java / peer if throughput else peer / java  # above 1: Java did better
            java_did_better = verdict.group(2) in ("faster", "less memory")
            computed = better if java_did_better else 1 / better
            if computed < 0.95 or not close(printed, computed):
                found.append(f"{label[:60]}: '{verdict.group(0)}' in {peer_cell!r} does not "
                             f"follow from Java's {java_cell!r} (computed {computed:.2f}x)")
    return found


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "README.md"
    with open(path, encoding="utf-8") as readme:
        rows = table(readme.read().splitlines())
    if not rows:
        print(f"error: no comparison table ('| Workload | Java ...') in {path}", file=sys.stderr)
        return 1
    found = problems(rows)
    for problem in found:
        print(f"error: {path}: {problem}", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
