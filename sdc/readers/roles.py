"""Guess what a column holds from its header: the vocabulary of published tables.

The guesses are deliberately conservative: an unrecognised measure whose values are not
whole numbers stays ``unknown`` and the output goes to review.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from fractions import Fraction
from functools import lru_cache

from sdc.bands import parse_band
from sdc.readers.values import parse_number
from sdc.table import Measure, Role

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
                    "longest", "shortest", "first", "last", "newest", "biggest", "greatest",
                    "outlier", "outliers", "extreme",
                    # matplotlib's boxplot_stats: a whisker's end is a record's own value, as
                    # each flier is (round 51, stats51)
                    "whislo", "whishi", "whisker", "whiskers", "flier", "fliers"}),
    (
        Role.STATISTIC,
        {"median", "percentile", "quantile", "quartile", "iqr", "q1", "q3", "p25", "p75",
         "p10", "p90", "p5", "p95", "p50", "p1", "p99", "sd", "std", "stdev", "stddev",
         "variance", "var", "mode", "deviation",
         # an indirectly standardised table: the expected events are a model's figure (the
         # population times reference rates), the SMR/SIR observed over expected; both rest
         # on the observed count beside them (SDC303), which is checked as a count
         "expected", "smr", "sir", "smrs", "sirs",
         "gini"},
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
         "subjects", "users", "members", "negative", "negatives", "nobs", "obs", "observed",
         "firms", "companies", "enterprises", "businesses"},
    ),
]

_ORDINAL = {"first", "last", "newest"}  # an extreme of one record, or the events of an order
_COUNT_WORDS = next(words for role, words in _ROLE_WORDS if role is Role.COUNT)

_DIMENSION_WORDS = {
    "year", "years", "month", "week", "day", "quarter", "period", "date", "age", "ageband",
    "age_band", "band", "group", "category", "code", "region", "area", "sex", "gender",
    "ethnicity", "imd", "quintile", "decile", "level", "type", "class", "stage", "site",
    "practice", "ccg", "icb", "lsoa", "msoa", "la", "nation", "country", "cohort", "arm",
    "condition", "diagnosis", "outcome", "status", "label", "name", "id",
    # the short names people give them (``df.groupby("yr").size()``)
    "yr", "yrs", "fy", "qtr", "mth", "wk", "months", "weeks", "quarters", "ages", "grp",
    "agegrp", "agegroup", "groups", "cat",
}


_PERCENTILE_HEADER = re.compile(
    r"^\s*((100|\d{1,2})(\.\d+)?\s*%|\d{1,2}(st|nd|rd|th)\s*(percentile|centile)?)\s*$")
_EXTREME_LEVEL = re.compile(r"^\s*(0|100)(\.0+)?\s*%\s*$")
# the same under a percentile's other names: ``100th percentile``, ``0th centile``, ``p100``,
# ``percentile_0``
_EXTREME_NAMED = re.compile(
    r"(?<![a-z0-9.])(?:(?:0|100)(?:th)?[\s_-]*(?:percentile|centile|pctl)"
    r"|(?:p|pct|pctl|percentile|centile)[\s_]?(?:0|100))(?![\d.])")


def percentile_name(text: str) -> bool:
    """``25%``, ``50%``, ``5th percentile``: the name of a percentile, not a percentage."""
    return bool(_PERCENTILE_HEADER.match(text.lower()))


# a percentile's level in its name: ``99th percentile``, ``5th centile``, ``p99``, ``pctl_1``,
# ``97.5%``; quartiles by their short names
_LEVEL_SUFFIX = re.compile(
    r"(?<![\d.])(\d{1,2}(?:\.\d+|_\d{1,2})?)\s*(?:st|nd|rd|th)?[\s_-]*"
    r"(?:percentile|centile|pctl|%)")
_LEVEL_PREFIX = re.compile(
    r"(?<![a-z0-9])(?:p|pct|pctl|perc|percentile|centile)[\s_]?(\d{1,2}(?:\.\d+|_\d{1,2})?)"
    r"(?![\d.])")
_QUARTILES = {"q1": 0.25, "q3": 0.75, "lq": 0.25, "uq": 0.75}


def percentile_level(text: str) -> float | None:
    """The level (0-1) of the percentile a name gives (``99th percentile`` 0.99, ``p1`` 0.01,
    ``Q3`` 0.75), or None when the name gives none (``median`` is left to the unit count)."""
    level = percentile_fraction(text)
    return None if level is None else float(level)


def percentile_fraction(text: str) -> Fraction | None:
    """:func:`percentile_level` exactly, from the printed digits (``p90`` is 9/10, not the
    float 0.9): a tail of ``(1 - q) * n`` units at the boundary is then exactly the whole
    number the rule's text says (the 90th of 100 values has 10 above it, not 9.99...)."""
    low = text.lower()
    found = _LEVEL_SUFFIX.search(low) or _LEVEL_PREFIX.search(low)
    if found:
        level = _level_of(found.group(1))
        return level if 0 < level < 1 else None
    return next((Fraction(q) for w, q in _QUARTILES.items() if w in words(low)), None)


def _level_of(digits: str) -> Fraction:
    """``97.5`` as 975/1000; ``97_5`` (a name cannot hold a point: ``p97_5``, ``pctl_2_5``)
    is 97, 97.5 or a 5th after a 97 (``age_65_95th_percentile``), and the reading with the
    thinnest tail is taken (97.5; 2 for ``2_5``; 95 for ``65_95th``): a tail read thicker than
    printed would pass SDC303 where the rule fails it."""
    whole, _, fraction = digits.partition("_")
    readings = [Fraction(whole) / 100]
    if fraction:
        readings += [Fraction(f"{whole}.{fraction}") / 100, Fraction(fraction) / 100]
    return min((q for q in readings if 0 < q < 1), key=lambda q: min(q, 1 - q),
               default=readings[0])


def extreme_level(text: str) -> bool:
    """``0%`` and ``100%`` among percentiles (R's ``quantile()``, ``describe(percentiles=
    [0, 1])``), ``100th percentile``, ``p0``: the minimum and the maximum under a percentile's
    name."""
    return bool(_EXTREME_LEVEL.match(text) or _EXTREME_NAMED.search(text.lower()))


# a name's initials, each letter dotted (``N.E.``, ``S.W``, ``U.K.``): one word of its letters
_INITIALS = re.compile(r"(?<![a-z0-9.])[a-z](?:\.[a-z])+\.?(?![a-z0-9])")


def words(text: str) -> list[str]:
    """The text's words, lower-cased; ``No.`` the count word ``no``, and a name's dotted
    initials one word (``N.E.`` is ``ne``). Why the initials (round 47, abbr47): read letter
    by letter, ``N.E.`` held the count word ``n``, so ``sex,N.E.,S.W.`` was read as a long
    table of a count ``N.E.`` and a magnitude ``S.W.`` (SDC203 ``review``, and the audit's
    numbers those of a count beside a sum), where ``sex,NE,SW`` is a table of counts by
    region."""
    lowered = text.lower().replace("no.", "no ")
    if "." in lowered:
        lowered = _INITIALS.sub(_joined, lowered)
    return _WORD.findall(lowered)


def _joined(found: re.Match[str]) -> str:
    return found[0].replace(".", "")


@lru_cache(maxsize=8192)
def is_answer_no(text: str) -> bool:
    """A header that is exactly ``No``: the answer of a ``No``/``Yes`` pair, not ``No.`` (a
    number, which ``words`` reads as the count word ``no``)."""
    return text.strip().lower() == "no"


@lru_cache(maxsize=8192)
def role_from_text(text: str) -> Role:
    """The role a header names, or ``Role.UNKNOWN``. Earlier roles in the list win ties
    (cached: a release repeats its headers, and a table's are read by several readings).

    ``n_patients`` and ``number of deaths`` are counts; ``mean cost`` is a magnitude;
    ``% of total`` is a percent; ``p-value`` is a model statistic.
    """
    found = set(words(text))
    lowered = text.lower()
    if is_answer_no(text):
        return Role.UNKNOWN
    if is_distinct_count(text):
        return distinct_count_role(found)
    if is_standard_error(text):
        return Role.MODEL  # a coefficient's; refine_model_roles makes a mean's a statistic
    if re.match(r"^\s*(top|largest)[ _]?(\d+|contributors?|contributions?)\s*$", lowered):
        return Role.EXTREME  # the n-th largest contribution: one contributor's value
    if "p-value" in lowered or "p value" in lowered or "std. err" in lowered:
        return Role.MODEL
    if found & {"standardised", "standardized"} and found & {"ratio", "ratios"}:
        return Role.STATISTIC  # a standardised mortality/incidence ratio: an SMR (above)
    if _AT_RISK.search(lowered) and "%" not in text and not found & _SHARE_WORDS:
        return Role.COUNT  # ``at_risk``, ``n.risk``, ``number at risk``: people, a count
    if lowered.strip() in _SURVIVAL_TIMES:
        return Role.MAGNITUDE  # lifelines' time axis: a time, not a count (as ``time`` is)
    # a header of several rows is named by its lowest: ``los / 25%`` is the 25th percentile of
    # los, as in groupby()[["los", "bmi"]].describe() (docs/reading.md)
    innermost = lowered.rpartition(" / ")[2]
    if extreme_level(lowered) or extreme_level(innermost):
        return Role.EXTREME  # the 100th percentile (describe()'s 100%) is the maximum
    if _PERCENTILE_HEADER.match(innermost):
        return Role.STATISTIC  # describe()'s 25%/50%/75%: percentiles, not percentages
    if (names_concentration_ratio(text) and not bare_concentration_header(text)) \
            or names_herfindahl(text):
        # cr3_percent, HHI: the top firms' share, resting on the firms (SDC303); a bare
        # ``CR3`` only over shares (sdc.readers.layout: ``CR2`` is a postcode district too)
        return Role.STATISTIC
    if "%" in text or re.search(r"(?<![a-z])per[\s_]*\d", lowered):
        found.add("%")  # a rate per 1,000 is a percentage's kin, whatever it counts
    for role, vocabulary in _ROLE_WORDS:
        if role is Role.EXTREME and found & _COUNT_WORDS and not found & vocabulary - _ORDINAL:
            continue  # ``first admissions``, ``last visits``: counts of events, not one record
        if found & vocabulary:
            # "number of" / "count of" + a quantity word is still a count
            if role is Role.MAGNITUDE and found & {"n", "count", "number", "num", "no"}:
                return Role.COUNT
            return role
    split = _CAMEL.sub(" ", text)
    if split != text:
        # ``minAge``, ``ageMax``, SAS's ``RowPercent``, ``CumFrequency``: camelCase hides the
        # words, read as the same words spaced are (``Row Percent``)
        return role_from_text(split)
    if _NAMED_LEVEL.search(lowered):
        return Role.STATISTIC  # ``p97.5``, ``p98``, ``2.5th centile``: not counts (SDC303)
    return Role.UNKNOWN


_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
# a concentration ratio: ``CR3``, ``cr_4``, ``CR5 (%)``, ``cr3_percent``: the share of a
# total the n largest units hold (the ESSnet handbook's CRn)
_CONCENTRATION = re.compile(r"(?<![a-z0-9])cr[\s_-]?(\d{1,2})(?![0-9])")


def concentration_order(text: str) -> int | None:
    """The ``n`` of a concentration ratio's header (``CR3`` is 3), or None: also for
    ``concentration ratio`` with no ``n`` named."""
    found = _CONCENTRATION.search(text.lower())
    return int(found.group(1)) if found and int(found.group(1)) > 0 else None


_HERFINDAHL_WORDS = frozenset({"hhi", "herfindahl", "hirschman"})


def names_herfindahl(text: str) -> bool:
    """``HHI``, ``herfindahl_index``: the sum of the units' squared shares of a total."""
    return not _HERFINDAHL_WORDS.isdisjoint(words(text))


def bare_concentration_header(text: str) -> bool:
    """``CR3`` and nothing saying it is a share (no ``%``, ``percent``, ``share``,
    ``concentration``): also how a postcode district is written (``CR2``, ``CR4``), so
    the layout takes it for a concentration ratio only over fractions (``0.97``)."""
    found = set(words(text))
    return concentration_order(text) is not None and "%" not in text and not found & {
        "percent", "pct", "percentage", "share", "shares", "ratio", "concentration"}


def names_concentration_ratio(text: str) -> bool:
    """``CR3``, ``cr4_percent``, ``concentration ratio``: the top units' share of a total,
    a statistic of those units (not a percentage of people)."""
    found = set(words(text))
    return concentration_order(text) is not None or (
        "concentration" in found and bool(found & {"ratio", "ratios"}))
# a percentile by a level the vocabulary does not list (``p97.5``, ``p98``, ``pctl_2.5``,
# ``2.5th centile``; sdc's own API writes ``percentile_97.5``): read as whole numbers it was a
# count and passed where SDC303 fails its tail. Only headers nothing else names.
_NAMED_LEVEL = re.compile(
    r"(?<![a-z0-9.])(?:p|pctl|perc|percentile|centile)[\s_]?\d{1,2}(?:\.\d+)?(?![\d.]|[a-z])"
    r"|(?<![\d.])\d{1,2}(?:\.\d+)?\s*(?:st|nd|rd|th)?[\s_-]*(?:percentile|centile|pctl)")
# a survival table's people at risk (``at_risk``, R's ``n.risk``, ``number at risk``): not
# ``risk`` alone (``relative risk``, ``low risk``)
_AT_RISK = re.compile(r"(?<![a-z])(?:at|n)[\s_.-]*risk(?![a-z])")
# the time axis lifelines writes: ``event_table``'s index (``event_at``) and the index of
# ``survival_function_``/``cumulative_density_`` (``timeline``). Read as the magnitude ``time``
# is (SDC203 review when it has no evidence), never as a count of people, never unchecked.
_SURVIVAL_TIMES = {"event_at", "timeline"}
_SHARE_WORDS = {"percent", "percentage", "pct", "proportion", "prop", "rate", "share", "ratio"}


def names_people_at_risk(text: str) -> bool:
    """``text`` names a survival table's people at risk (a count that falls as they leave)."""
    lowered = text.lower()
    return bool(_AT_RISK.search(lowered)) and "%" not in text \
        and not set(words(lowered)) & _SHARE_WORDS

# A count of distinct values: pandas' ``nunique``, dplyr's ``n_distinct(ward)``, SQL's
# ``count(distinct ward)``, ``unique_patients``
_DISTINCT_WORDS = {"nunique", "distinct", "unique", "uniq", "ndistinct", "n_distinct"}
_DISTINCT = re.compile(r"n_?distinct|n_?unique|count_?distinct")
# what a distinct count counts when it counts units (people or their identifiers)
_UNIT_WORDS = {"patient", "patients", "person", "persons", "people", "individual",
               "individuals", "subject", "subjects", "participant", "participants", "pid",
               "id", "ids", "nhs", "member", "members", "user", "users", "respondent",
               "respondents", "household", "households", "child", "children", "adult",
               "adults", "client", "clients", "case", "cases", "customer", "customers",
               "pupil", "pupils", "student", "students", "resident", "residents", "mrn",
               "chi", "urn", "hospno", "nhsno"}


_GENERIC_COUNT = {"n", "count", "counts", "number", "num", "no", "freq", "frequency"}
# variables whose distinct values are not units (people): places, codes, categories
_VALUE_WORDS = {"ward", "wards", "dx", "diagnoses", "diagnosis", "drug", "drugs", "medication",
                "medications", "medicine", "medicines", "code", "codes", "procedure",
                "procedures", "hospital", "hospitals", "practice", "practices", "gp", "gps",
                "site", "sites", "specialty", "specialties", "bnf", "icd", "snomed", "opcs",
                "condition", "conditions", "test", "tests", "value", "values", "category",
                "categories", "type", "types", "provider", "providers", "trust", "trusts",
                "clinic", "clinics", "lsoa", "lsoas", "msoa", "postcode", "postcodes",
                "organisation", "organisations", "organization", "organizations", "product",
                "products", "treatment", "treatments", "regimen", "regimens", "prescriber",
                "prescribers", "day", "days", "date", "dates", "month", "months"}


@lru_cache(maxsize=8192)
def is_distinct_count(text: str) -> bool:
    """The header names a count of distinct values (cached: a release repeats its headers)."""
    return bool(set(words(text)) & _DISTINCT_WORDS or _DISTINCT.search(text.lower()))


def distinct_count_role(found: set[str]) -> Role:
    """A distinct count of units (``patients``, ``patient_id``) or of events (``visits``)
    counts them: ``COUNT``. A distinct count of a variable that is recognisably not a unit
    (wards, diagnoses, codes, practices) counts values, not units: a ``STATISTIC`` of the units
    behind it, which SDC303 checks against their number (review when it is not published; 1
    distinct value says they all share one). Anything else (``nunique`` alone,
    ``n_distinct(mrn)``) may count people: ``COUNT``, the stricter reading. docs/reading.md."""
    if found & (_UNIT_WORDS | _COUNT_WORDS) - _GENERIC_COUNT:
        return Role.COUNT
    if any(w.endswith("id") for w in found):  # pid, patid, subjid: an identifier's values
        return Role.COUNT
    if "hospital" in found and found & {"number", "no", "num"}:  # a patient's hospital number
        return Role.COUNT
    if found & (_VALUE_WORDS | _DIMENSION_WORDS) - {"id", "name", "label"}:
        return Role.STATISTIC
    return Role.COUNT


_STANDARD_ERROR = re.compile(
    r"^\s*(se|s\.e\.?|sem|std\.?\s*_?err(or|\.)?|stderr|standard\s+error)"
    r"(\s*(of|\().*)?\s*$", re.I)
_TEST_STATISTIC = re.compile(
    r"^\s*([tz]|[tz][ _-]?(value|stat(istic)?)|p|p[ _>]?\|[tz]\||pr\(>\|[tz]\|\)|wald|chi2?|"
    r"sig\.?)\s*$", re.I)


def is_standard_error(text: str) -> bool:
    """``SE``, ``std err``, ``Std. Error``, ``standard error (of the mean)``."""
    return bool(_STANDARD_ERROR.match(text))


_BOUND_WORDS = {"lci", "uci", "lcl", "ucl", "lower", "upper", "ci", "l95", "u95", "95", "95%",
                "lo", "hi", "low", "high", "limit", "bound", "cl", "conf", "interval"}


def is_standardised_ratio(text: str) -> bool:
    """``SMR``, ``SIR``, ``standardised mortality ratio``: observed over expected events."""
    found = set(words(text))
    return bool(found & {"smr", "sir", "smrs", "sirs"} or (
        found & {"standardised", "standardized"} and found & {"ratio", "ratios"}))


def interval_bound(text: str) -> bool:
    """``lci``, ``upper 95% CI``, ``lower``: only the words of a confidence interval's end."""
    found = set(words(text))
    return bool(found) and found <= _BOUND_WORDS | {"smr", "sir"}


def refine_model_roles(measures: list[Measure]) -> None:
    """Roles that depend on the other columns. A standard error in a coefficient table (beside
    ``coef``, ``estimate``, ``OR``...) is a model statistic (SDC301: needs dof); beside a mean
    or a proportion it is a statistic of those units (SDC303: needs its n). In a coefficient
    table, ``t``, ``z``, ``p``, ``P>|t|`` columns and the bounds of an interval (broom's
    ``conf.low``, ``conf.high``) are model statistics too. Either way the column
    stays checked (a wrong guess is review, never an unchecked number). The bounds of a
    standardised ratio's interval (``smr, lci, uci``: no coefficient beside them) are
    statistics of the observed count the ratio rests on, as the ratio is (SDC303)."""
    if any(is_standardised_ratio(m.name) and m.role is Role.STATISTIC for m in measures):
        for measure in measures:
            if measure.role is Role.MODEL and interval_bound(measure.name):
                measure.role = Role.STATISTIC
    coefficients = [m for m in measures
                    if m.role is Role.MODEL and not is_standard_error(m.name)]
    for measure in measures:
        if coefficients and measure.role is Role.UNKNOWN and (
                _TEST_STATISTIC.match(measure.name) or interval_bound(measure.name)):
            measure.role = Role.MODEL  # beside coefficients: broom's ``conf.low``/``conf.high``
        elif not coefficients and measure.role is Role.MODEL and is_standard_error(measure.name):
            measure.role = Role.STATISTIC


# a grouping variable's words that are also a time or a unit of one (``year``, ``months``):
# numbers under them may be one unit's value (a year of birth, an age in months)
_TIME_WORDS = {"year", "years", "month", "months", "week", "weeks", "day", "days", "quarter",
               "quarters", "period", "date", "dates", "yr", "yrs", "fy", "qtr", "mth", "wk",
               "age", "ages", "ageband", "age_band", "agegrp", "agegroup"}


def names_a_grouping_variable(text: str) -> bool:
    """``ward``, ``region``, ``diagnosis``, ``practice``: a header naming a variable whose
    values are categories, not a quantity of one unit. Whole numbers under it alone are a
    count of it (``groupby("region")["ward"].nunique()`` or ``.count()``, both name the
    column so), never one unit's measurement (round 52, nameless52). Times and ages are not
    (a year of birth, an age in months are one unit's values)."""
    found = set(words(text.replace("_", " ")))
    return bool(found & (_DIMENSION_WORDS | _VALUE_WORDS) - _TIME_WORDS)


def looks_like_dimension(text: str) -> bool:
    """Header names a grouping variable (year, age band, region...)."""
    found = set(words(text))
    return bool(found & _DIMENSION_WORDS) and role_from_text(text) is Role.UNKNOWN


# -- numbers that are labels, not statistics ----------------------------------------------------
# A number is "understood" as a label only when it is recognisably one: a year, a band, a date,
# a code or category name with letters in it, a regular sequence of codes. Anything else in a
# label, header, title or note is reported as not understood (SDC602), never silently skipped.

_DIGIT = re.compile(r"\d")
_NUMBER_TOKEN = re.compile(r"\d+(?:[.,]\d+)*")
# The words a count of people or events is written with ("3 deaths", "patients: 12").
_PEOPLE_NOUNS = (r"patients?|pts|people|persons|cases?|deaths?|admissions?|individuals?|"
                 r"participants?|respondents?|births?|records?|subjects?|users?|events?|"
                 r"children|adults|men|women|males|females")
# A count hidden in a label: "North (n=3)", "3 patients", "(12)".
# "(12)", "[12]", "{12}"; "3/40" (not a financial year 2019/20); a decimal percentage "7.5%"
# (a category's is whole: "Top 10%"); "1 death", "3 pts".
_COUNT_IN_TEXT = re.compile(
    r"\bn\s*[=:]\s*\d|\bn\s+\d+\s*(?:[)\]]|$)|[(\[{]\s*\d+(\.\d+)?\s*%?\s*[)\]}]|"
    r"(?<![\d/.])(?!\d{4}\s*/\s*\d{2,4}(?![\d/.]))\d+\s*/\s*\d+(?![\d/.])|\d+\.\d+\s*%|"
    r"\d+\s*(" + _PEOPLE_NOUNS + r")\b", re.I)
# A number before what befell the people it counts: "North (3 died)", "North: 3 admitted"
# (hunt13: a label column read them as names). Not a code's number (``COVID-19 admitted``).
_COUNT_BEFORE_OUTCOME = re.compile(
    r"(?<![\w\-./])\d+\s+(died|dead|deceased|survived|admitted|readmitted|discharged|"
    r"vaccinated|unvaccinated|infected|hospitali[sz]ed|recovered|tested|treated|referred|"
    r"excluded|withdrew|withdrawn|lost)\b", re.I)
# A number set off at the end of a label by a colon, a spaced dash or a comma ("West: 3",
# "West - 3", "West, 3"): a value beside the label, not part of its name ("Stage 3").
_TRAILING_VALUE = re.compile(r"[A-Za-z)\]]\s*(?::|,|\s[-–—])\s*(\d+(?:\.\d+)?)\s*%?\s*$")
# Any other sign (or run of signs) between a label's letters and a number at its end sets the
# number off the same way (``West | 3``, ``West = 3``, ``West; 3``, ``West -> 3``, ``West ... 3``,
# ``West · 3``, ``West ~3``, ``West * 3``, a spaced ``West / 3``; hunt round 19): a name's own
# number follows a space (``Stage 3``, read by ``name_then_number``) or is glued to it as a
# code (``COVID-19``, ``ICD-10``, ``E11.9``, ``A/3``). Left as names: a comparison (``BMI >= 30``,
# ``eGFR < 60``: a band), a currency sign (``Over £50``), an abbreviation's full stop (``No. 3``),
# an apostrophe (``Class of '93``) and ``#`` (``Ward #3``, read as ``Ward 3`` in its series).
_END_NUMBER = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(?:\s*%)?$")
_NAME_SIGNS = {"<", ">", "<=", ">=", "=<", "=>", "≤", "≥", "£", "$", "€", "¥", ".", "'", "’",
               "#", "-", "/"}
# A count written after its count word ("West deaths 3", "patients: 12", "cases = 4") or set off
# by a colon or an equals sign inside brackets ("deaths (West: 3)", "[West = 3]"): the mirror
# of "3 deaths" and "West: 3", which name the same count. A year ("Deaths 2019", "2019/20"), a
# period ("deaths 28 days") or an age bound ("patients 65+") after the word names who is counted.
PEOPLE_NOUNS = _PEOPLE_NOUNS  # read by ``roman_counts``
_COUNT_NOUNS = _PEOPLE_NOUNS + r"|counts?"
_VALUE_AFTER_WORD = re.compile(
    rf"\b(?:{_COUNT_NOUNS})\s*[:=]?\s*(\d+(?:[.,]\d+)*)(?![\d/.,\-–—])"
    r"(?!\s*(?:\+|days?\b|weeks?\b|months?\b|years?\b|hours?\b|d\b|and\s+(?:over|older|above)\b|"
    r"or\s+(?:more|older|over)\b|plus\b))", re.I)
_BRACKETED_VALUE = re.compile(
    r"[A-Za-z]\s*[:=]\s*(\d+(?:\.\d+)?)\s*%?\s*[)\]}]")
# A count written in words in a title, a note or a sentence-like label: "seven patients were
# transferred", "one death occurred", "twenty-seven of thirty patients" (30 less 27 is a count
# as "27 of 30 patients" is) ("One person household" is a category: person is left out)
_WORD_COUNT = re.compile(
    r"\b((?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|"
    r"five|six|seven|eight|nine))?|"
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|a single)\s+(?:[a-z]+\s+)?(patients?|people|"
    r"persons|cases?|deaths?|admissions?|individuals?|participants?|respondents?|births?|"
    r"subjects?|events?)\b", re.I)
_BAND_TEXT = re.compile(
    r"^\s*(<|>|≤|≥|<=|>=|under|over|below|above|up to|aged)?\s*\d+(\.\d+)?\s*"
    r"((-|–|—|to|/)\s*\d+(\.\d+)?\s*)?(\+|and over|and above|or more|plus)?\s*$", re.I)
BAND_TEXT = _BAND_TEXT  # read by ``numbered_names``
_DATE_TEXT = re.compile(
    r"^\s*(\d{4}-\d{1,2}(-\d{1,2})?|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}/\d{2}|"
    r"\d{4}\s*q[1-4]|q[1-4]\s*\d{4}|\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}(:\d{2})?)\s*$", re.I)
# Phrases in titles and notes whose numbers describe the table, not a statistic.
_REFERENCE = re.compile(
    r"\b(table|figure|fig|chart|sheet|appendix|annex|section|part|model|version|wave|phase|"
    r"icd|icd-|read|snomed|v|no\.)\s*\d+(\.\d+)*\b", re.I)
_POLICY_PHRASE = re.compile(
    r"\b(below|under|less than|fewer than|smaller than|nearest|multiple of|multiples of|"
    r"base|threshold of|rounded to|round to|between|at least)\s*\d+(\s*(and|-|to)\s*\d+)?\b",
    re.I)
# A significance level a table's note states: SPSS's "*. Correlation is significant at the
# 0.05 level (2-tailed)." (round 53): a fraction of one, no count.
_SIGNIFICANCE_PHRASE = re.compile(
    r"\bsignifican(?:t|ce)\s+at\s+the\s+0?\.\d+\s+level\b", re.I)
# A period that defines what is counted: "within 30 days", "28-day mortality", "over 12 months".
_PERIOD_PHRASE = re.compile(
    r"\b((within|after|before|first|last|past)\s+\d+\s*(days?|weeks?|months?|"
    r"years?|hours?)|\d+[- ](day|week|month|year|hour))\b", re.I)
# An age bound that defines who is counted: "under 18s", "over 65s", "65 and over", "aged 16
# or older" (a bare "under 18" is read with the policy phrases).
_AGE_PHRASE = re.compile(
    r"\b(?:(?:under|over|aged)\s+\d{1,3}s\b|(?:aged\s+)?\d{1,3}s?\s+(?:and|or)\s+"
    r"(?:over|under|above|older|younger)\b)", re.I)
# A date written out: "1 March 2024", "3rd Jan. 2023", "March 1, 2024" (a day, a month's name,
# a year): the day is part of a date, not a count.
_MONTH = (r"(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|"
          r"sep(t(ember)?)?|oct(ober)?|nov(ember)?|dec(ember)?)\.?")
_WRITTEN_DATE = re.compile(
    rf"\b(([12]\d|3[01]|0?[1-9])(st|nd|rd|th)?\s+{_MONTH},?\s+(18|19|20)\d\d|"
    rf"{_MONTH}\s+([12]\d|3[01]|0?[1-9])(st|nd|rd|th)?,?\s+(18|19|20)\d\d)\b", re.I)
_INTERVAL = re.compile(r"^[\[(]\s*-?[\d.]+\s*,\s*-?[\d.]+\s*[\])]$")
YEAR_RANGE = (1800, 2100)


def has_number(text: str) -> bool:
    return bool(_DIGIT.search(text))


def count_in_text(text: str) -> bool:
    """A count stated in words: ``n=3``, ``(12)``, ``3 patients``, ``seven deaths``."""
    return bool(_COUNT_IN_TEXT.search(text) or _WORD_COUNT.search(text))


def word_count(text: str) -> bool:
    """A count written in words (``seven patients``), which no digit shows."""
    return bool(_WORD_COUNT.search(text))


def word_counts(text: str) -> int:
    """How many counts ``text`` writes in words (``three deaths``): a document's prose says a
    count so as surely as with digits (``numbers_in_prose``)."""
    return sum(1 for _ in _WORD_COUNT.finditer(text))


# raised and lowered digits: glued after a word or a number they are a footnote's mark, a
# power or a formula's (``Total¹``, ``km²``, ``10⁵``, ``CO₂``), which a page prints so
_SUPERSCRIPT_DIGITS = frozenset("\u00b9\u00b2\u00b3\u2070\u2074\u2075\u2076\u2077\u2078\u2079")
_LOWERED_DIGITS = frozenset(chr(c) for c in range(0x2080, 0x208A))
_RAISED_OR_LOWERED = _SUPERSCRIPT_DIGITS | _LOWERED_DIGITS
# the letters a formula's lowered digit follows: element symbols (``CO₂``, ``PaCO₂``,
# ``SpO₂``, ``HbA₁c``, ``FEV₁``), a short name (``log₁₀``, ``x₁``) or a Greek letter's
_ELEMENT_SYMBOLS = re.compile(r"(?:[A-Z][a-z]?)+")
_GREEK_NAMES = frozenset({"alpha", "beta", "gamma", "delta", "epsilon", "theta", "kappa",
                          "lambda", "sigma", "omega", "omicron", "upsilon"})


def _lowered_after_a_name(text: str, i: int) -> bool:
    """The lowered digit at ``i`` is glued after a word no formula spells (``North₃``,
    ``deaths₃``): a number set against a name, which read as ``CO₂``'s did passed (hunt52's
    left, hunt53). Four or more letters, neither element symbols nor a Greek letter's name."""
    start = i
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    word = text[start:i]
    return len(word) >= 4 and _ELEMENT_SYMBOLS.fullmatch(word) is None \
        and word.casefold() not in _GREEK_NAMES


def number_forms(text: str) -> int:
    """How many numbers ``text`` writes in a number form of its own rather than digits: a
    circled, parenthesised or full-stop digit (``③``, ``⑶``, ``⒊``), a fraction (``½``), a
    Roman numeral character (``Ⅲ``), a raised or lowered digit set apart (``North ₃``,
    ``North had ³ deaths``) (Unicode's other numbers and letter numbers, No and Nl), or a
    digit under a combining mark (``3⃣``, ``3́``), or a lowered digit glued after a name no
    formula spells (``North₃``, hunt53). ``has_number`` reads decimal digits only,
    so ``North ③`` passed as a name and ``North had ③ deaths`` as prose, and a mark on the
    digit hid ``North 3⃣``'s number from the reading of numbered names (hunt51). A raised
    or lowered digit glued after a word, a number or a bracket (``Total¹``, ``km²``, ``CO₂``)
    is a mark, a power or a formula's; a raised one opening a line (gt's ``¹ n (%)``) or
    ending the text (``West ²``, an HTML ``<sup> 2 </sup>``) is a footnote's mark: none of
    them is counted."""
    if text.isascii():
        return 0  # most text: no such character
    found = 0
    before = "\n"
    last = len(text.rstrip()) - 1
    for i, ch in enumerate(text):
        kind = unicodedata.category(ch)
        mark = kind in ("Mn", "Me", "Mc")
        if mark:
            found += before.isdecimal()
        elif kind in ("No", "Nl"):
            glued = ch in _RAISED_OR_LOWERED and (
                before.isalnum() or before in _RAISED_OR_LOWERED or before in ")]\n") and not (
                ch in _LOWERED_DIGITS and before.isalpha() and _lowered_after_a_name(text, i))
            found += not glued and not (ch in _SUPERSCRIPT_DIGITS and i == last)
        if not mark:
            before = ch
    return found


# a label that opens with "3 of 40" / "3 out of 40": a count of a base, not a category's name
# (``Cycle 2 of 6`` names its cycle first and stays a label)
_X_OF_Y = re.compile(r"^\s*\d+\s+(?:out\s+)?of\s+\d+(?![\d.])", re.I)


def is_year(value: float) -> bool:
    return float(value).is_integer() and YEAR_RANGE[0] <= value <= YEAR_RANGE[1]


# a share's unit set off from a label: `` (%)`` or `` %`` after it, ``% `` before it
_PERCENT_UNIT = re.compile(r"\s*\(%\)$|\s+%$|^%\s+")


# A value enclosed as brackets enclose ``(3)`` but by quotes or another script's brackets
# (``North "3"``, ``North «3»``, ``North （3）``, ``North 「3」``, ``North <3>``; hunt50: they
# passed as names, where ``North (3)`` is a value), or a number word set off or enclosed as a
# value is (``North: three``, ``North (three)``, ``North "three"``; hunt50: no digit, so no
# label check asked). A name's own number word follows a space (``West three``,
# ``spelt_number``) and stays a name.
_NUMBER_WORD = (r"\b(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
                r"(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|zero|one|two|three|"
                r"four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
                r"sixteen|seventeen|eighteen|nineteen)\b")
_ENCLOSING = (*(tuple(pair) for pair in (
    '""', "''", "``", "\u201c\u201d", "\u201d\u201d", "\u2018\u2019", "\u201e\u201c",
    "\u201a\u2018", "\u00ab\u00bb", "\u00bb\u00ab", "\u2039\u203a", "<>", "()", "[]", "{}",
    "\uff08\uff09", "\uff3b\uff3d", "\uff5b\uff5d", "\u300c\u300d", "\u300e\u300f",
    "\u3010\u3011", "\u3014\u3015", "\u3008\u3009", "\u300a\u300b", "\u2329\u232a")),
    ("``", "''"))  # (TeX's quotes last)
_ENCLOSED_DIGITS = re.compile("|".join(
    re.escape(a) + r"\s*\d+(?:[.,]\d+)?\s*%?\s*" + re.escape(b)
    for a, b in _ENCLOSING if a + b not in ("()", "[]", "{}")))
# a Roman numeral I to XXXIX, upper case (``iii`` is a list's mark): set off or enclosed as a
# value (``North: III``, ``North (III)``) it is one as ``North: three`` is (hunt51); after a
# space it is a name's own number (``Stage III``, ``numbered_names``)
_ROMAN_VALUE = r"\b(?-i:(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3}))\b"
_VALUE_WORD = rf"(?:{_NUMBER_WORD}|{_ROMAN_VALUE})"
_SPELT_VALUE = re.compile(
    "|".join(re.escape(a) + rf"\s*{_VALUE_WORD}\s*" + re.escape(b) for a, b in _ENCLOSING)
    + rf"|[A-Za-z)\]]\s*(?::|=|\||;|,|\s[-\u2013\u2014])\s*{_VALUE_WORD}\s*\.?\s*$", re.I)


def enclosed_value(text: str) -> bool:
    """A value a label encloses in quotes or foreign brackets, or a number word set off or
    enclosed as a value (``North "3"``, ``North: three``): no name's spelling."""
    return bool(_ENCLOSED_DIGITS.search(text) or _SPELT_VALUE.search(text))


def spelt_value(text: str) -> bool:
    """A number word set off or enclosed as a value (``North: three``, ``North (three)``): a
    number no digit shows, which ``has_number`` misses."""
    return bool(_SPELT_VALUE.search(text))


# tableone's ``died = 1 (%)``: a variable and one of its levels, as main read it
_VARIABLE_LEVEL = re.compile(r"^[^=|:]*[A-Za-z][^=|:]* = [^=|:]+$")


def label_text_understood(text: str) -> bool:
    """A label or header holding digits that is recognisably a label: a year, band, date, or a
    category/code name with letters (``Stage 3``, ``E11.9``, ``Type 1 diabetes``). A count
    hidden in a label (``North (n=3)``, ``3 patients``) is not. A percent sign set off from
    the label (``18-29 (%)``, ``18-29 %``, ``% 18-29``: a share's unit over a band) holds no
    number and is read past (hunt40); one glued to a number (``3%``) is not, and what the unit
    is set off from is read as a label would be: ``West | 3 (%)`` holds a value as ``West | 3``
    does (ledger41), except tableone's ``variable = level`` (``died = 1 (%)``)."""
    s = text.strip()
    unit = _PERCENT_UNIT.sub("", s)
    if unit != s and unit and has_number(s) and _PERCENT_UNIT.sub("", unit) == unit:
        if label_text_understood(unit):
            return True
        if re.search(r"[A-Za-z]", unit) and not _VARIABLE_LEVEL.match(unit):
            return False  # a value beside a name under the unit: ``West | 3 (%)`` (ledger41)
        # (else as before: ``3 %`` is a percentile's name)
    if not has_number(s):
        return not word_count(s) and not spelt_value(s)
    if enclosed_value(s):
        return False
    if _COUNT_IN_TEXT.search(s) or _X_OF_Y.match(s) or _COUNT_BEFORE_OUTCOME.search(s):
        return False
    trailing = _TRAILING_VALUE.search(s)
    if trailing is not None and not is_year(float(trailing[1])):
        return False
    if _set_off_value(s):
        return False
    if _value_beside_count_word(s):
        return False
    if _DATE_TEXT.match(s) or _PERCENTILE_HEADER.match(s):
        return True  # a date; a percentile's name (describe()'s 25%, 50%, 75%)
    if re.fullmatch(r"\d+", s):
        return is_year(float(s))
    if _BAND_TEXT.match(s) and not re.fullmatch(r"\s*\d+(\.\d+)?\s*", s):
        return True
    if parse_band(s) is not None or _INTERVAL.match(s):  # an interval: [40.5, 45.3), (1, 1]
        return True
    # letters next to the digits make a category or a code, not a published statistic
    return bool(re.search(r"[A-Za-z]", s))


def _set_off_value(text: str) -> bool:
    """A number at the end of a label set off from its letters by a sign that is no part of a
    name (``West | 3``, ``West = 3``): a value beside the label. A year
    after it (``Cohort | 2019``) names a period. An unspaced ``-`` or ``/`` glues a code
    (``COVID-19``, ``A/3``) and a full stop ends an abbreviation (``No. 3``); spaced, ``-`` is
    ``_TRAILING_VALUE``'s, and ``/`` or ``.`` sets a value off."""
    text = text.rstrip()
    end = _END_NUMBER.search(text)
    if end is None or is_year(float(end[1])):
        return False
    start = end.start()
    while start and not (text[start - 1].isalnum() or text[start - 1] == "_"):
        start -= 1  # back over the signs and spaces to the name
    between = text[start:end.start()]
    signs = "".join(between.split())
    if not signs or not start or not text[start - 1].isalpha():
        return False  # ``Stage 3`` (name_then_number's), a code, or no name before
    if signs not in _NAME_SIGNS:
        return True
    if signs == ".":
        return between[0].isspace()  # `` . 3`` is no abbreviation's stop
    return signs == "/" and between != "/"


def _value_beside_count_word(text: str) -> bool:
    """A number after a count word or after a colon in brackets that is not a year: the count a
    header or label states (``West deaths 3``, ``deaths (West: 3)``)."""
    for pattern in (_VALUE_AFTER_WORD, _BRACKETED_VALUE):
        for match in pattern.finditer(text):
            if not is_year(float(match[1].replace(",", ""))):
                return True
    return False


_MODEL_BOUND = re.compile(r"^\s*(\[\s*0?\.\d+|0?\.\d+\s*\]|\d{1,2}(\.\d+)?\s*%|"
                          r"\[\s*\d{1,2}(\.\d+)?\s*%.*)\s*$", re.I)


def model_header_understood(text: str) -> bool:
    """A header of a coefficient table naming an interval bound: statsmodels' ``[0.025`` and
    ``0.975]``, R's ``2.5 %``/``97.5 %``, Stata's ``[95% conf. interval]``."""
    return bool(_MODEL_BOUND.match(text))


def prose_numbers_not_understood(text: str) -> list[str]:
    """The number tokens of a title or note that are not a year, date, band, code, age bound
    (``under 18s``), significance level (``significant at the 0.05 level``) or a statement of
    the disclosure policy (``counts below 10 suppressed``)."""
    s = _REFERENCE.sub(" ", text)
    s = _POLICY_PHRASE.sub(" ", s)
    s = _SIGNIFICANCE_PHRASE.sub(" ", s)
    s = _PERIOD_PHRASE.sub(" ", s)
    s = _AGE_PHRASE.sub(" ", s)
    s = _WRITTEN_DATE.sub(" ", s)
    left: list[str] = [m[0] for m in _WORD_COUNT.finditer(s)]
    for part in re.split(r"[\s,;:()\[\]]+", s):
        if not has_number(part):
            continue
        if _COUNT_IN_TEXT.search(part):
            left.append(part)
            continue
        token = part.strip(".")
        if re.fullmatch(r"\d{4}", token) and is_year(float(token)):
            continue
        if _DATE_TEXT.match(token) or (_BAND_TEXT.match(token) and not
                                        re.fullmatch(r"\d+(\.\d+)?%?", token)):
            continue
        if re.search(r"[A-Za-z]", token) and not re.fullmatch(r"\d+(\.\d+)?%?[a-z]{0,2}", token,
                                                                re.I):
            continue  # a code: E11, 2019/20Q1, v2 (but not "3rd", "40k")
        left.append(token)
    return left


def numeric_labels_understood(values: list[float]) -> bool:
    """Whole numbers that read as category labels: all years, or a regular code sequence
    (constant step) that starts at 0 or 1 or has at least three values (ages 0..90, IMD 1..5).
    Two arbitrary numbers (``3``, ``40``) are not a recognisable code list. (Only the
    distinct values matter: a long table's label column is 25,000 rows of a few codes.)"""
    unique = set(values)
    if not unique or not all(float(v).is_integer() for v in unique):
        return False
    if all(is_year(v) for v in unique):
        return True
    distinct = sorted(unique)
    if len(distinct) == 1:
        return False
    steps = {b - a for a, b in itertools.pairwise(distinct)}
    if len(steps) != 1:
        return False
    # two codes are a list only as the start of one (0/1, 1/2, 0/5): ``1`` and ``2019`` are not
    step = next(iter(steps))
    if distinct[0] in (0, 1) and step <= 10:
        return True
    # three or more: a run in small steps (ages 18..25, IMD 1..5) or on a grid of its step
    # (bands 0, 5, 10; 100, 200, 300); three counts that happen to be evenly spaced
    # (339, 170, 1) are neither
    return len(distinct) >= 3 and (step <= 10 or distinct[0] % step == 0)


def ordinal_codes(values: list[float]) -> bool:
    """Whole numbers, each once, consecutive (``2, 3, 4`` between ``Lowest`` and ``Highest``):
    the middle of an ordinal scale whose ends are named, in a column of text labels."""
    if len(values) < 2 or not all(float(v).is_integer() for v in values):
        return False
    distinct = sorted(set(values))
    return len(distinct) == len(values) and distinct[-1] - distinct[0] == len(distinct) - 1


def repeated_scale(labels: list[str]) -> bool:
    """A long table's ordinal scale with named ends, the same under each group: the column's
    non-empty labels (in order) are one block again and again, the block a text, consecutive
    whole numbers each once, and a text (``1 (most deprived)``, ``2``, ``3``, ``4``, ``5
    (least deprived)`` under each region). ``ordinal_codes`` asks each number once, as a
    crosstab's one scale holds them; repeated so, the numbers are the scale's codes: a count
    column would print the same counts in every group, its ends in words each time."""
    filled = [label for label in labels if label]
    width = next((k + 1 for k in range(2, len(filled) // 2)
                  if filled[k + 1] == filled[0] and filled[k] == filled[-1]), 0)
    if width < 3 or len(filled) % width or len(filled) == width:
        return False
    block = filled[:width]
    if any(filled[k:k + width] != block for k in range(width, len(filled), width)):
        return False
    middle = [parse_number(label) for label in block[1:-1]]
    ends = [parse_number(label) for label in (block[0], block[-1])]
    numbers = [v for v in middle if v is not None]
    return ends == [None, None] and len(numbers) == len(middle) \
        and numbers in (sorted(numbers), sorted(numbers, reverse=True)) \
        and ordinal_codes(numbers)


# the two answers of one question: a count of each is a line of two categories of one
# variable, whatever the layout read (``negative`` is a count word: ``region,negative,positive``
# was read as two different counts, like ``deaths,admissions``, and had no line)
_OPPOSITES = [
    ({"negative", "negatives", "neg"}, {"positive", "positives", "pos"}),
    ({"deaths", "died", "dead", "deceased"}, {"survivors", "survived", "alive", "living"}),
    ({"yes"}, {"no"}), ({"present"}, {"absent"}), ({"true"}, {"false"}),
    ({"with"}, {"without"}), ({"pass", "passed"}, {"fail", "failed"}),
]
_NEGATIONS = {"non", "not", "no", "without"}
_ANSWER_WORD = re.compile(r"[a-z0-9]+")


def complementary(first: str, second: str) -> bool:
    """Two headers naming the two answers of one question: ``negative``/``positive``,
    ``tested_negative``/``tested_positive``, ``deaths``/``survivors``, ``cases``/
    ``non_cases``. Not two different counts (``deaths``/``admissions``)."""
    a, b = set(_ANSWER_WORD.findall(first.lower())), set(_ANSWER_WORD.findall(second.lower()))
    own_a, own_b = a - b, b - a
    if not own_a and not own_b:
        return False
    if (not own_a and own_b <= _NEGATIONS) or (not own_b and own_a <= _NEGATIONS):
        return True  # ``cases`` / ``non cases``
    return any(own_a and own_b and ((own_a <= x and own_b <= y) or (own_a <= y and own_b <= x))
               for x, y in _OPPOSITES)
