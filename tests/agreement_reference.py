"""Independent reference figures for tests/agreement.rs: reads cases as JSON on standard input,
prints the same cases' figures as JSON. Each figure comes from a published package, never from
gloss's formulas: krippendorff (alpha), scikit-learn and nltk (kappa), agreement (Fleiss' kappa with
missing ratings, after Gwet's handbook), krippendorff-unitized-alpha (unitizing alpha),
nltk.metrics.scores (exact span precision/recall/F1); but two are written here, so they check
gloss's code, not its reading: cu-alpha from the paper's formulas (no package implements it), and
overlapping span matches by gloss's rule (same tag, one shared code point)."""

import json
import sys

import krippendorff
import numpy as np
from agreement.metrics import scotts_pi
from krippendorff_unitized_alpha.krippendorffs_unitized_alpha import (
    EMPTY_TAG,
    KrippendorffUnitizedAlpha,
    Segment,
)
from nltk.metrics import scores
from nltk.metrics.agreement import AnnotationTask
from sklearn.metrics import cohen_kappa_score


def matrix(units, coders):
    """coders x units, missing as nan, as krippendorff.alpha wants it."""
    return np.array(
        [[np.nan if u[i] is None else float(u[i]) for u in units] for i in range(coders)]
    )


def coding(case):
    units, m = case["units"], case["coders"]
    out = {"alpha": krippendorff.alpha(reliability_data=matrix(units, m), level_of_measurement="nominal")}
    if m == 2:
        both = [u for u in units if u[0] is not None and u[1] is not None]
        out["cohen_sklearn"] = cohen_kappa_score([u[0] for u in both], [u[1] for u in both])
        task = AnnotationTask([(str(i), str(n), u[i]) for n, u in enumerate(both) for i in range(2)])
        out["cohen_nltk"] = task.kappa()
    complete = [u for u in units if all(v is not None for v in u)]
    task = AnnotationTask([(str(i), str(n), u[i]) for n, u in enumerate(complete) for i in range(m)])
    # nltk's multi-rater pi is Fleiss' kappa (Siegel and Castellan's K), for complete data.
    out["fleiss_nltk"] = task.pi()
    # Fleiss' kappa generalized to units rated by different numbers of coders: the package's
    # multi-rater Scott's pi over a units x categories table of counts (units with fewer than
    # two ratings are dropped by the package).
    values = sorted({v for u in units for v in u if v is not None})
    counts = np.array([[sum(v == c for v in u) for c in values] for u in units])
    out["fleiss_missing"] = scotts_pi(counts)
    return out


def unitizing(case):
    """Documents laid end to end; every coder coded every document; the gaps are written out as
    the package expects (its own gap filling counts ends as inclusive)."""
    data = {}
    for coder in range(case["coders"]):
        segments, offset = [], 0
        for doc in case["documents"]:
            at = 0
            for start, end, category in sorted(doc["units"][coder]):
                if start > at:
                    segments.append(Segment(EMPTY_TAG, offset + at, offset + start))
                segments.append(Segment(str(category), offset + start, offset + end))
                at = end
            if at < doc["length"]:
                segments.append(Segment(EMPTY_TAG, offset + at, offset + doc["length"]))
            offset += doc["length"]
        data[str(coder)] = segments
    u = KrippendorffUnitizedAlpha(data).result
    if case["categories"] < 2:
        return {"u_alpha": u}
    return {"u_alpha": u, "cu_alpha": cu_alpha(case)}


def cu_alpha(case):
    """cu-alpha as Krippendorff, Mathet, Bouvry & Widloecher (2016) and Krippendorff (2019,
    section 12.6.5) define it, written from the formulas code point by code point: coincidences
    of categories (no gaps) between every two coders, each document weighing 1/(m-1); expected
    coincidences corrected by every unit's pairable length squared: its code points counted once
    for each other coder who also put a unit there, over m-1 (what the unit adds to its row of
    the coincidences)."""
    observed, squares = {}, {}
    for doc in case["documents"]:
        m, length = case["coders"], doc["length"]
        at = [[None] * length for _ in range(m)]
        for coder in range(m):
            for start, end, category in doc["units"][coder]:
                for point in range(start, end):
                    at[coder][point] = category
        for i in range(m):
            for j in range(m):
                if i == j:
                    continue
                for point in range(length):
                    c, k = at[i][point], at[j][point]
                    if c is not None and k is not None:
                        observed[c, k] = observed.get((c, k), 0.0) + 1.0 / (m - 1)
            for start, end, category in doc["units"][i]:
                pairable = sum(
                    at[j][p] is not None for j in range(m) if j != i for p in range(start, end)
                ) / (m - 1)
                squares[category] = squares.get(category, 0.0) + pairable**2
    total = sum(observed.values())
    categories = {c for c, _ in observed} | set(squares)
    marginal = {c: sum(v for (x, _), v in observed.items() if x == c) for c in categories}
    s = sum(squares.values())
    expected = {
        c: total * (marginal[c] ** 2 - squares.get(c, 0.0)) / (total**2 - s) for c in categories
    }
    disagreeing = total - sum(observed.get((c, c), 0.0) for c in categories)
    return 1 - disagreeing / (total - sum(expected.values()))


def spans(case):
    a = {tuple(s) for s in case["a"]}
    b = {tuple(s) for s in case["b"]}
    # nltk: reference a, test b.
    exact = [scores.precision(a, b), scores.recall(a, b), scores.f_measure(a, b)]

    def hits(x, y):
        return sum(
            any(o[0] == s[0] and o[3] == s[3] and o[1] < s[2] and s[1] < o[2] for o in y) for s in x
        )

    p, r = hits(b, a) / len(b), hits(a, b) / len(a)
    overlap = [p, r, 0.0 if p + r == 0 else 2 * p * r / (p + r)]
    return {"exact": exact, "overlap": overlap}


KINDS = {"coding": coding, "unitizing": unitizing, "spans": spans}
cases = json.load(sys.stdin)
json.dump([KINDS[c["kind"]](c) for c in cases], sys.stdout)
