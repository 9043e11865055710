"""Guess what a column holds from its header: the vocabulary of published tables.

The guesses are deliberately conservative: an unrecognised measure whose values are not
whole numbers stays ``unknown`` and the output goes to review.
"""

from __future__ import annotations

import re

from sdc.table import Role

_WORD = re.compile(r"[a-z0-9%]+")

# Single words (after lower-casing and splitting on non-alphanumerics) that name a role.
_ROLE_WORDS: list[tuple[Role, set[str]]] = [
    (
        Role.MODEL,
        {"coef", "coefficient", "coefficients", "beta", "estimate", "estimates", "se",
         "stderr", "std_err", "pvalue", "p_value", "tvalue", "zvalue", "ci", "lci", "uci",
         "hr", "or", "rr", "irr", "aor", "ahr", "odds", "hazard", "intercept", "lower",
         "upper"},
    ),
    # extremes under other names too: the youngest patient and the latest admission are records
    (Role.EXTREME, {"min", "max", "minimum", "maximum", "range", "smallest", "largest",
                    "youngest", "oldest", "earliest", "latest", "lowest", "highest",
                    "longest", "shortest"}),
    (
        Role.STATISTIC,
        {"median", "percentile", "quantile", "quartile", "iqr", "q1", "q3", "p25", "p75",
         "p10", "p90", "p5", "p95", "p50", "sd", "std", "stdev", "stddev", "variance", "var",
         "mode", "deviation"},
    ),
    (Role.PERCENT, {"%", "percent", "percentage", "pct", "proportion", "prop", "rate", "share",
                    "prevalence", "incidence", "ratio"}),
    (
        Role.MAGNITUDE,
        {"sum", "mean", "average", "avg", "cost", "costs", "amount", "spend", "spending",
         "income", "salary", "turnover", "revenue", "weight", "length", "los",
         "duration", "dose", "bmi", "price", "expenditure", "time"},
    ),
    (
        Role.COUNT,
        {"n", "count", "counts", "freq", "frequency", "frequencies", "number", "num", "no",
         "patients", "people", "persons", "cases", "events", "deaths", "admissions",
         "individuals", "records", "participants", "respondents", "births", "visits",
         "episodes", "appointments", "prescriptions", "referrals", "contacts", "households",
         "subjects", "users", "members", "negative", "negatives"},
    ),
]

_DIMENSION_WORDS = {
    "year", "years", "month", "week", "day", "quarter", "period", "date", "age", "ageband",
    "age_band", "band", "group", "category", "code", "region", "area", "sex", "gender",
    "ethnicity", "imd", "quintile", "decile", "level", "type", "class", "stage", "site",
    "practice", "ccg", "icb", "lsoa", "msoa", "la", "nation", "country", "cohort", "arm",
    "condition", "diagnosis", "outcome", "status", "label", "name", "id",
}


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("no.", "no "))


def role_from_text(text: str) -> Role:
    """The role a header names, or ``Role.UNKNOWN``. Earlier roles in the list win ties.

    ``n_patients`` and ``number of deaths`` are counts; ``mean cost`` is a magnitude;
    ``% of total`` is a percent; ``p-value`` is a model statistic.
    """
    found = set(words(text))
    lowered = text.lower()
    if re.match(r"^\s*(top|largest)[ _]?\d+\s*$", lowered):
        return Role.EXTREME  # the n-th largest contribution: one contributor's value
    if "p-value" in lowered or "p value" in lowered or "std. err" in lowered:
        return Role.MODEL
    if "%" in text:
        found.add("%")
    for role, vocabulary in _ROLE_WORDS:
        if found & vocabulary:
            # "number of" / "count of" + a quantity word is still a count
            if role is Role.MAGNITUDE and found & {"n", "count", "number", "num", "no"}:
                return Role.COUNT
            return role
    return Role.UNKNOWN


def looks_like_dimension(text: str) -> bool:
    """Header names a grouping variable (year, age band, region...)."""
    found = set(words(text))
    return bool(found & _DIMENSION_WORDS) and role_from_text(text) is Role.UNKNOWN
