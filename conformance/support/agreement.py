"""Agreement coefficients of reliability data by established implementations.

Reads JSON from stdin: a list of datasets, each {"coders": m, "units": [[value or null, ...], ...]}
(one row per unit, one column per coder). Writes, per dataset, Cohen's kappa for every pair of
coders (scikit-learn, over the units both judged), Fleiss' kappa (statsmodels, over the units every
coder judged) and nominal Krippendorff's alpha (NLTK, with missing data).
"""

import json
import math
import sys

import numpy as np
from nltk.metrics.agreement import AnnotationTask
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters, fleiss_kappa


def finite(x):
    return None if x is None or math.isnan(x) else float(x)


def coefficients(dataset):
    m = dataset["coders"]
    units = dataset["units"]
    pairs = []
    for a in range(m):
        for b in range(a + 1, m):
            both = [(u[a], u[b]) for u in units if u[a] is not None and u[b] is not None]
            kappa = cohen_kappa_score([x for x, _ in both], [y for _, y in both])
            pairs.append({"coders": [a, b], "kappa": finite(kappa)})
    complete = np.array([u for u in units if all(v is not None for v in u)])
    table, _ = aggregate_raters(complete)
    fleiss = fleiss_kappa(table, method="fleiss")
    triples = [
        (str(c), str(i), str(v))
        for i, u in enumerate(units)
        for c, v in enumerate(u)
        if v is not None and sum(x is not None for x in u) >= 2
    ]
    alpha = AnnotationTask(data=triples).alpha()
    return {"pairs": pairs, "fleiss": finite(fleiss), "alpha": finite(alpha)}


json.dump([coefficients(d) for d in json.load(sys.stdin)], sys.stdout)
