"""An external-command system: JSONL documents on stdin, JSONL spans on stdout.
Marks every run of digits as a numeric VALUE with its number."""
import json
import re
import sys

for line in sys.stdin:
    doc = json.loads(line)
    if doc["task"] != "numeric_claims":
        continue
    for m in re.finditer(r"\d+(?:,\d{3})*", doc["text"]):
        print(json.dumps({"doc": doc["id"], "start": m.start(), "end": m.end(), "label": "VALUE",
                          "number": float(m.group().replace(",", "")), "modifier": "exact"}))
