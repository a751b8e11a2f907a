"""Writes an attribute-values CSV as researchers' tools do, from JSON rows on stdin.

argv[1] = "pandas": DataFrame.to_csv with encoding utf-8-sig (a BOM, as Excel wants) and CRLF.
argv[1] = "csv": the csv module's default dialect (excel: CRLF, minimal quoting), with a BOM.
The bytes go to stdout.
"""

import csv
import io
import json
import sys

rows = json.load(sys.stdin)
if sys.argv[1] == "pandas":
    import pandas

    data = pandas.DataFrame(rows["records"], columns=rows["header"])
    sys.stdout.buffer.write(
        data.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")
    )
else:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(rows["header"])
    writer.writerows(rows["records"])
    sys.stdout.buffer.write(out.getvalue().encode("utf-8-sig"))
