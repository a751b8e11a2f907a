"""Reads a CSV export from stdin the way researchers do, and prints what each reader saw as JSON.

`csv`: Python's standard csv module (records as lists). `pandas`: pandas.read_csv with every
column as text and no NA guessing (so "" stays "" and "1" stays "1"), the BOM read as UTF-8-sig.
"""
import csv
import io
import json
import sys

import pandas

data = sys.stdin.buffer.read()
text = data.decode("utf-8-sig")
records = list(csv.reader(io.StringIO(text, newline="")))
frame = pandas.read_csv(
    io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False, na_filter=False
)
json.dump(
    {
        "csv": records,
        "pandas": {"columns": list(frame.columns), "rows": frame.values.tolist()},
    },
    sys.stdout,
    ensure_ascii=False,
)
