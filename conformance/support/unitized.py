"""Krippendorff's unitized alpha (1995; discrete form, Krippendorff 2004, Content Analysis §11.6),
written independently of Gloss's TypeScript from the published formulas, for one category.

Input (stdin, JSON): a list of datasets {"coders": m, "sections": [{"length": L, "units":
[[[b, e], ...] per coder]}]}. Output: a list of {"observed", "expected", "alpha"}.

Deliberately a different algorithm from Gloss's: every segment of one coder is compared with
every segment of the other (quadratic), and every unit with every gap (no sorting).
"""
import json
import sys
from fractions import Fraction


def segments(units, length):
    out, at = [], 0
    for b, e in sorted(units):
        if b > at:
            out.append((at, b, False))
        out.append((b, e, True))
        at = e
    if at < length:
        out.append((at, length, False))
    return out


def delta2(g, h):
    (gb, ge, gu), (hb, he, hu) = g, h
    if gu and hu and -(ge - gb) < gb - hb < (he - hb):
        return (gb - hb) ** 2 + (ge - he) ** 2
    if gu and not hu and hb <= gb and ge <= he:
        return (ge - gb) ** 2
    if not gu and hu and gb <= hb and he <= ge:
        return (he - hb) ** 2
    return 0


def unitized(dataset):
    m = dataset["coders"]
    total = sum(s["length"] for s in dataset["sections"])
    observed = 0
    units, gaps = [], []
    for s in dataset["sections"]:
        segs = [segments(u, s["length"]) for u in s["units"]]
        for coder in segs:
            for b, e, is_unit in coder:
                (units if is_unit else gaps).append(e - b)
        for i in range(m):
            for j in range(m):
                if i != j:
                    observed += sum(delta2(g, h) for g in segs[i] for h in segs[j])
    d_o = Fraction(observed, m * (m - 1) * total * total)
    n = len(units)
    numerator = Fraction(0)
    for l in units:
        numerator += Fraction((n - 1) * (2 * l**3 - 3 * l**2 + l), 3)
        numerator += l * l * sum(g - l + 1 for g in gaps if g >= l)
    denominator = m * total * (m * total - 1) - sum(l * (l - 1) for l in units)
    d_e = Fraction(2, total) * numerator / denominator if denominator else Fraction(0)
    alpha = None if d_e == 0 else float(1 - d_o / d_e)
    return {"observed": float(d_o), "expected": float(d_e), "alpha": alpha}


json.dump([unitized(d) for d in json.load(sys.stdin)], sys.stdout)
