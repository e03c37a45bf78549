#!/usr/bin/env python3
"""Compares two captures made by capture.sh (before and after a restructure that must not change what users see).

JSON outputs are compared parsed (same keys, same values), CSV files cell by cell, text line by line; timing fields
are ignored. Every difference is listed with the reason from EXPECTED, or "UNEXPECTED". Exit 1 when any difference is
unexpected. Usage: compare.py BEFORE AFTER
"""
import csv, io, json, os, re, sys

TIMING_KEYS = {"seconds", "grid_seconds"}
TIMING_LINE = re.compile(r"(^time:|computed in [0-9.]+ s|structures/s|frames/s|[0-9.]+/s ETA)")
# (run name pattern, field pattern, reason): differences the restructure is asked to make.
EXPECTED = [
    (r"^coup_err_cation$", r"stderr", "issue 10: the --cation message names --cation, not --ion"),
    (r"^coup_", r"\.warnings", "issue 10: coupling warnings (anion map, local framework) are no longer dropped"),
]


def reason(run, field):
    for r, f, why in EXPECTED:
        if re.search(r, run) and re.search(f, field):
            return why
    return "UNEXPECTED"


def walk(a, b, path, out):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if k in TIMING_KEYS:
                continue
            if k not in a:
                out.append((f"{path}.{k}", "<absent>", b[k]))
            elif k not in b:
                out.append((f"{path}.{k}", a[k], "<absent>"))
            else:
                walk(a[k], b[k], f"{path}.{k}", out)
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            walk(x, y, f"{path}[{i}]", out)
    elif a != b:
        out.append((path, a, b))


def parse_json(text):
    try:
        return json.loads(text)
    except ValueError:
        return None


def text_lines(text):
    return [l for l in text.splitlines() if not TIMING_LINE.search(l)]


def compare_text(a, b, field, out):
    a, b = a.replace(ROOTS[0], "<CAPTURE>"), b.replace(ROOTS[1], "<CAPTURE>")
    ja, jb = parse_json(a), parse_json(b)
    if ja is not None and jb is not None:
        walk(ja, jb, field, out)
        return
    la, lb = text_lines(a), text_lines(b)
    if la != lb:
        for i in range(max(len(la), len(lb))):
            x = la[i] if i < len(la) else "<absent>"
            y = lb[i] if i < len(lb) else "<absent>"
            if x != y:
                out.append((f"{field}:line {i + 1}", x, y))


def compare_csv(a, b, field, out):
    ra, rb = list(csv.reader(io.StringIO(a))), list(csv.reader(io.StringIO(b)))
    if not ra or not rb:
        if ra != rb:
            out.append((field, a[:80], b[:80]))
        return
    ha, hb = ra[0], rb[0]
    if ha != hb:
        out.append((f"{field}:header", ha, hb))
        return
    skip = {i for i, h in enumerate(ha) if h in TIMING_KEYS}
    if len(ra) != len(rb):
        out.append((f"{field}:rows", len(ra), len(rb)))
    for r, (x, y) in enumerate(zip(ra[1:], rb[1:]), start=2):
        for c, (u, v) in enumerate(zip(x, y)):
            if c not in skip and u != v:
                out.append((f"{field}:row {r}:{ha[c]}", u, v))


ROOTS = ["", ""]


def main(before, after):
    for i, d in enumerate((before, after)):
        # The folder the capture was written in (it appears in messages), which may since have moved.
        root_file = os.path.join(d, "ROOT")
        ROOTS[i] = open(root_file).read().strip() if os.path.exists(root_file) else os.path.abspath(d)
    diffs, unexpected, runs, skipped = [], 0, 0, []
    names = sorted({f.rsplit(".", 1)[0] for f in os.listdir(before) if f.endswith(".rc")})
    for run in names:
        runs += 1
        found = []
        for ext in ("rc", "stdout", "stderr"):
            pa, pb = os.path.join(before, f"{run}.{ext}"), os.path.join(after, f"{run}.{ext}")
            if not os.path.exists(pb):
                found.append((ext, "present", "<absent>"))
                continue
            compare_text(open(pa, encoding="utf-8").read(), open(pb, encoding="utf-8").read(), ext, found)
        for run_field, x, y in found:
            why = reason(run, run_field)
            unexpected += why == "UNEXPECTED"
            diffs.append((run, run_field, x, y, why))
    fa, fb = os.path.join(before, "files"), os.path.join(after, "files")
    for f in sorted(os.listdir(fa)):
        pa, pb = os.path.join(fa, f), os.path.join(fb, f)
        found = []
        if not os.path.exists(pb):
            found.append(("file", "present", "<absent>"))
        elif f.endswith((".parquet", ".png")):
            skipped.append(f)
            continue
        else:
            ta, tb = open(pa, encoding="utf-8").read(), open(pb, encoding="utf-8").read()
            if f.endswith(".csv"):
                compare_csv(ta, tb, "csv", found)
            elif f.endswith((".journal", ".manifest")):
                rows_a = [{k: v for k, v in json.loads(l).items() if k not in TIMING_KEYS} if f.endswith(".journal") else l
                          for l in ta.splitlines()]
                rows_b = [{k: v for k, v in json.loads(l).items() if k not in TIMING_KEYS} if f.endswith(".journal") else l
                          for l in tb.splitlines()]
                key = (lambda r: json.dumps(r, sort_keys=True)) if f.endswith(".journal") else (lambda r: r)
                if sorted(map(key, rows_a)) != sorted(map(key, rows_b)):
                    found.append(("content", f"{len(rows_a)} rows", f"{len(rows_b)} rows"))
            else:
                compare_text(ta, tb, "text", found)
        for field, x, y in found:
            why = reason(f, field)
            unexpected += why == "UNEXPECTED"
            diffs.append((f"files/{f}", field, x, y, why))
    print(f"before: {open(os.path.join(before, 'COMMIT')).read().strip()}  after: {open(os.path.join(after, 'COMMIT')).read().strip()}")
    print(f"{runs} runs compared; binary files not compared: {', '.join(skipped) or 'none'}")
    for run, field, x, y, why in diffs:
        print(f"DIFF {run} {field}: {str(x)[:160]!r} -> {str(y)[:160]!r}  [{why}]")
    print(f"{len(diffs)} differing fields, {unexpected} unexpected")
    return 1 if unexpected else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
