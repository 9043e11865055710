"""Model summaries saved as text, read whole: statsmodels ``summary()``/``summary2()``, R
``summary(lm)``/``summary(glm)``, Stata ``regress`` and Stata's maximum-likelihood models
(``logit``, ``logistic``, ``probit``, ``poisson``).

Every line must belong to a block sdc recognises (a title, the header of named model facts,
the coefficient table, the diagnostics, the standard notes). The residual degrees of freedom
are taken from the recognised lines. Anything else (a line appended by hand, a pasted table,
a list of patients) is *residue*: it is handed back so the reader can check it as a table or
as text (identifiers, counts) and name it for review. Free text inside recognised blocks (the
dependent variable's name, every named fact's value, each coefficient row whole, notes) is
handed back too, for the identifier check: a number one column too many can be an NHS number.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from sdc.model_counts import (
    ANY_SCALE,
    GAUSSIAN,
    INTERCEPTS,
    Coefficient,
    Interval,
    ModelCount,
    contrast_factor,
    one_factor,
    recovered_counts,
    scale_from_loglik,
    scale_from_sigma,
    scale_printed,
    shared_prefix,
    unprinted_reference_counts,
    unprinted_reference_floors,
)
from sdc.model_counts import printed as printed_interval
from sdc.model_facts_agree import (
    r_disagreement,
    stata_disagreement,
    stata_ml_disagreement,
    statsmodels_disagreement,
)
from sdc.readers.model_notes import separation_notes

_NUM = r"(?:[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|nan|inf|-inf|NaN|NA)"
_SEPARATOR = re.compile(r"^[\s=\-~_+|]*$")
_STATSMODELS_TITLE = re.compile(r"^\s*(?:[\w ]+ Regression Results|Results: [\w ]+)\s*$")
_COEF_HEADER = re.compile(r"\b(coef|Coef\.)\s+(std err|Std\.Err\.)", re.I)
_COEF_ROW = re.compile(rf"^\s*(\S.*?)\s+((?:{_NUM}\s+){{3,}}{_NUM})\s*$")
_NOTE = re.compile(r"^\s*(?:\[\d+\]\s*)?[A-Za-z][A-Za-z ,.;:'()\-/]*$")
_SCI = re.compile(r"\d+(\.\d+)?e[-+]\d+", re.I)
# the named facts statsmodels prints in its header and diagnostics blocks
_KEYS = {
    "dep. variable", "dependent variable", "model", "method", "date", "time",
    "no. observations", "df residuals", "df model", "covariance type", "r-squared",
    "adj. r-squared", "f-statistic", "prob (f-statistic)", "log-likelihood", "aic", "bic",
    "omnibus", "prob(omnibus)", "skew", "kurtosis", "durbin-watson", "jarque-bera (jb)",
    "prob(jb)", "cond. no.", "condition no.", "pseudo r-squ.", "pseudo r-squared", "ll-null",
    "llr p-value", "converged", "link function", "scale", "deviance", "pearson chi2",
    "no. iterations", "pseudo r-squ. (cs)", "model family", "dispersion", "alpha",
}
# statsmodels' least-squares models: an OLS's scale and log-likelihood; the others weighted
_LEAST_SQUARES = frozenset({"ols", "wls", "gls", "glsar"})
_KEY = r"[A-Za-z][A-Za-z .()\-]*?"
_PAIR = re.compile(rf"({_KEY}):\s+(\S(?:.*?\S)??)(?=\s{{2,}}{_KEY}:|\s*$)")

# R
_R_DOF = re.compile(r"(?:Residual standard error: \S+|Residual deviance:\s+\S+)\s+on\s+(\d+)\s+"
                    r"degrees of freedom")
_R_KNOWN = [
    re.compile(r"^\s*Call:\s*$"), re.compile(r"^\s*Coefficients:\s*$"),
    re.compile(rf"^\s*Residual standard error: {_NUM} on \d+ degrees of freedom\s*$"),
    re.compile(rf"^\s*Multiple R-squared:\s+{_NUM},\s+Adjusted R-squared:\s+{_NUM}\s*$"),
    re.compile(rf"^\s*F-statistic:\s+{_NUM} on \d+ and \d+ DF,\s+p-value:\s*[<>]?\s*{_NUM}\s*$"),
    re.compile(r"^\s*Signif\. codes:.*$"),
    re.compile(rf"^\s*(Null|Residual) deviance:\s+{_NUM}\s+on\s+\d+\s+degrees of freedom\s*$"),
    re.compile(rf"^\s*AIC:\s+{_NUM}\s*$"),
    re.compile(r"^\s*Number of Fisher Scoring iterations: \d+\s*$"),
    re.compile(r"^\s*\(Dispersion parameter for \w+ family taken to be [\d.]+\)\s*$"),
    re.compile(r"^\s*Estimate\s+Std\. Error\s+[tz] value\s+Pr\(>\|[tz]\|\)\s*$"),
]
_R_COEF_ROW = re.compile(
    rf"^\s*(\S+)\s+((?:{_NUM}\s+){{2,}}(?:[<>]\s*)?{_NUM})(\s+[*.]{{1,3}})?\s*$")
_R_FAMILY = re.compile(r"^\s*\(Dispersion parameter for (binomial|poisson) family taken to be "
                       r"1\)\s*$", re.M)
# a gaussian glm prints its dispersion, s^2 (sdc.model_counts); an lm its sigma
_R_GAUSSIAN = re.compile(rf"^\s*\(Dispersion parameter for gaussian family taken to be "
                         rf"({_NUM})\)\s*$", re.M)
_R_SIGMA = re.compile(rf"^\s*Residual standard error: ({_NUM}) on (\d+) degrees of freedom\s*$",
                      re.M)
_R_LM = re.compile(r"^\s*Multiple R-squared:", re.M)
_R_R2 = re.compile(rf"^\s*Multiple R-squared:\s+({_NUM}),", re.M)
# weights make a group's variance s^2 over its sum of weights: summary.lm says "Weighted
# Residuals:", the call names them
_R_WEIGHTS = re.compile(r"^\s*Weighted Residuals:\s*$|\bweights\s*=", re.M)
_R_NULL = re.compile(r"^\s*Null deviance:\s+\S+\s+on\s+(\d+)\s+degrees of freedom\s*$", re.M)
_R_RESID_DEVIANCE = re.compile(
    r"^\s*Residual deviance:\s+\S+\s+on\s+(\d+)\s+degrees of freedom\s*$", re.M)
_R_F = re.compile(r"^\s*F-statistic:\s+\S+ on (\d+) and (\d+) DF", re.M)
# the link a call names: ``link = "probit"``, or positionally, ``binomial("probit")``
_R_LINK = re.compile(
    r"(?:\blink\s*=\s*|\b(?:binomial|poisson|gaussian)\s*\(\s*(?!link\b))[\"']?(\w+)")
_R_CALL = re.compile(r"^\s*Call:\s*$")
_R_RESIDUALS = re.compile(r"^\s*(Deviance )?Residuals:\s*$")

# Stata
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_STATA_ANOVA = re.compile(r"^\s*(Source|Model|Residual|Total)\s*\|\s*(.*)$")
_STATA_SOURCE = re.compile(r"^\s*Source\s*\|")
# ``regress, vce(robust)`` (or ``cluster``) prints this title over its facts, no ANOVA table
_STATA_LINEAR = re.compile(r"^\s*Linear regression(?=\s{2,}|\s*$)")
_STATA_F = re.compile(r"F\(\s*\d+,\s*(\d+)\)\s*=")
_STATA_F_BOTH = re.compile(r"F\(\s*(\d+),\s*(\d+)\)\s*=")
_STATA_COEF_HEADER = re.compile(r"^\s*\S+\s*\|\s*Coef(ficient|\.)\s+Std\. err", re.I)
# a command echoed in the Results window (``. regress bmi age i.sex``) and its continuations
# (``> , robust``); one holding a digit stays residue: a number there is not the model's
_STATA_COMMAND = re.compile(r"^\s*(?:\. [A-Za-z_]|> )[^0-9]*$")
# inside the coefficient table: a factor variable's name over its levels (``sex |``) and a
# level printed without estimates (``Female | 0  (base)``, ``(omitted)``, ``(empty)``; 1 in
# an odds-ratio or IRR table)
_STATA_FACTOR = re.compile(r"^\s*[^|\s][^|]*\|\s*(?:[01]\s+\((?:base|omitted|empty)\))?\s*$")
_STATA_EMPTY = re.compile(r"\|\s*[01]\s+\(empty\)\s*$")
_STATA_RIGHT = re.compile(
    rf"(Number of obs|F\(\s*\d+,\s*\d+\)|Prob > F|R-squared|Adj R-squared|Root MSE)\s*=\s*{_NUM}")
# Stata's maximum-likelihood models: a title, model facts on the right, the log likelihood,
# iteration lines, then a coefficient table headed Coefficient (or Odds ratio, IRR) and z
_STATA_ML_TITLE = re.compile(
    r"^\s*(Logistic|Probit|Poisson|Negative binomial) regression\b", re.I)
# (``Prob > chi2 = .``: Stata's missing value, printed when no coefficient is left to test,
# as after a perfect-prediction drop of the only covariate; a point alone is no number)
_STATA_ML_RIGHT = re.compile(
    rf"(Number of obs|LR chi2\(\d+\)|Wald chi2\(\d+\)|Prob > chi2|Pseudo R2)\s*=\s*"
    rf"(?:{_NUM}|\.(?![\d.]))")
_STATA_ML_LEFT = re.compile(
    rf"^\s*((Logistic|Probit|Poisson|Negative binomial) regression|"
    rf"(Log likelihood|Log pseudolikelihood)\s*=\s*{_NUM}|"
    rf"Iteration \d+:\s+Log (pseudo)?likelihood\s*=\s*{_NUM})\s*$", re.I)
_STATA_ML_COEF_HEADER = re.compile(
    r"^\s*\S+\s*\|\s*(Coef(ficient|\.)|Odds ratio|IRR)\s+Std\. err\.\s+z\s+P>\|z\|", re.I)
_STATA_OBS = re.compile(rf"Number of obs\s*=\s*({_NUM})")
# what a maximum-likelihood print ties together (``sdc.model_facts_agree``): the constant-only
# fit (a binary model's first iteration), the fitted log likelihood, the LR test and pseudo R2
_STATA_ITERATION0 = re.compile(rf"^\s*Iteration 0:\s+Log likelihood\s*=\s*({_NUM})", re.I)
_STATA_LL = re.compile(rf"^\s*Log likelihood\s*=\s*({_NUM})", re.I)
_STATA_LR = re.compile(rf"LR chi2\((\d+)\)\s*=\s*({_NUM})")
_STATA_PSEUDO_R2 = re.compile(rf"Pseudo R2\s*=\s*({_NUM})")
_STATA_R2 = re.compile(rf"(?<!Adj )R-squared\s*=\s*({_NUM})")
_STATA_ROOT_MSE = re.compile(rf"Root MSE\s*=\s*({_NUM})")
# weights make a group's variance s^2 over its sum of weights (sdc.model_counts): the echoed
# command's ``[aweight=w]``, regress's ``(sum of wgt is 1,234)``
_STATA_WEIGHTS = re.compile(r"\[\s*[afip]?w(?:eigh)?t?\s*=|\(sum of wgt is", re.I)
# the line Stata prints over a coefficient table's header with robust (or resampled) errors
_STATA_VCE_HEADER = re.compile(r"^\s*\|\s+(Robust|Bootstrap|Jackknife)\s*$", re.I)
_STATA_ROBUST = re.compile(r"\|\s+(Robust|Bootstrap|Jackknife)\b|\(Std\. err\. adjusted", re.I)
# an estimated coefficient's row (a level's label may hold spaces: ``Ex smoker``)
_STATA_ML_ROW = re.compile(rf"^\s*[^|\s][^|]*\|\s*((?:{_NUM}\s+){{3,}}{_NUM})\s*$")


def statsmodels_title(line: str) -> bool:
    """The title statsmodels prints over a summary (``OLS Regression Results``)."""
    return bool(_STATSMODELS_TITLE.match(line))


def model_fact_key(text: str) -> bool:
    """A statsmodels header or diagnostics key as written in a cell (``Df Residuals:``)."""
    s = text.strip()
    return s.endswith(":") and s[:-1].strip().lower() in _KEYS


@dataclass
class ModelText:
    """What a model summary says, and what in it sdc did not recognise."""

    family: str  # "statsmodels", "R" or "Stata"
    dofs: list[float] = field(default_factory=list)
    residue: list[tuple[int, str]] = field(default_factory=list)  # (1-based line, text)
    words: list[str] = field(default_factory=list)  # names and notes, for the identifier check
    # what a model on categorical predictors gives back needs (sdc.model_counts): the
    # coefficient rows, the family and link the print names ("binomial-logit",
    # "poisson-log"; None: another model, or robust standard errors), the observations
    coefficients: list[Coefficient] = field(default_factory=list)
    kind: str | None = None
    observations: float | None = None
    exponentiated: bool = False  # the estimates are odds ratios or IRRs (Stata)
    # the zeros (and Stata's counts) its perfect-prediction notes print (sdc.readers.model_notes)
    notes: list[ModelCount] = field(default_factory=list)
    # a linear model's residual variance s^2 as the print gives it (an interval)
    scale: Interval | None = None
    # its printed R-squared (R's Multiple R-squared, Stata's and statsmodels' R-squared)
    r_squared: Interval | None = None
    # the print's own words that say its variances are not the formula's (robust standard
    # errors, weights): ``kind`` is what its numbers are read as all the same, and each count
    # read carries these words (SDC101 ``review``, not ``fail``). Words alone never stop
    # the reading: the researcher can write them over a model-based print
    doubt: str = ""
    # what the print lacks that says which model it is (R's ``summary(lm)`` with its
    # ``Multiple R-squared`` line deleted: read as linear all the same, each count a doubt)
    unsure: str = ""
    # the models of a file printing several, each read alone (``_each``)
    parts: list[ModelText] = field(default_factory=list)
    # where its printed counts contradict its residual dof (``sdc.model_facts_agree``)
    disagreements: list[str] = field(default_factory=list)

    def counts(self) -> list[ModelCount]:
        """The counts the model gives back (``sdc.model_counts``), at its coefficient lines;
        the notes' are apart (``notes``). What the print lacks that its package always prints
        stops nothing either: a linear model with no ``s^2`` is read from its shares of ``N``
        alone, a print with no row named as the intercept with its first row (statsmodels',
        R's place), its last (Stata's ``_cons``) or another as the reference, each a doubt."""
        if self.parts:
            return [count for part in self.parts for count in part.counts()]
        doubts = [f"the print says '{self.doubt}' (robust standard errors or weights break "
                  "the reading)"] if self.doubt else []
        doubts += [self.unsure] if self.unsure else []
        scale = self.scale
        if self.kind == GAUSSIAN and scale is None:
            scale = ANY_SCALE
            doubts.append("the print gives no residual variance, so only each group's share "
                          "of the observations was read")
        found = recovered_counts(self.kind or "", self.observations, self.coefficients,
                                 self.exponentiated, scale)
        rows = self.coefficients
        if not found and rows and not any(
                row.term.strip().lower() in INTERCEPTS for row in rows):
            # one row alone read as the intercept is a model of one group: no reading; it may
            # be the one contrast of two groups whose intercept row was deleted
            for base in [rows[0], rows[-1], *rows[1:-1]] if len(rows) > 1 else []:
                found = [replace(count, term=base.term.strip()) if count.line == base.line
                         else count for count in recovered_counts(
                             self.kind or "", self.observations,
                             [replace(row, term="const") if row is base else row
                              for row in rows], self.exponentiated, scale)]
                if found:
                    doubts.append(f"no row is named as the intercept, and '{base.term.strip()}' "
                                  "was read as the reference group")
                    break
            else:
                return self._unprinted_reference()
        if not doubts:
            return found
        return [replace(count, doubt="; ".join(doubts)) for count in found]


    def _unprinted_reference(self) -> list[ModelCount]:
        """statsmodels prints treatment contrasts (``C(g)[T.b]``) only beside an intercept:
        contrasts of one factor with no intercept row are a print whose reference row was
        taken out. A linear model's sizes are still found from ``N`` and ``s^2``
        (``unprinted_reference_counts``); else the group's size is unknown, 1 to ``N`` less
        the contrasts' rows. Each a doubt (SDC101 ``review`` at the first contrast)."""
        factors = {contrast_factor(row.term) for row in self.coefficients}
        if len(factors) != 1 or None in factors:
            factors = {_level_factor(self.coefficients)}
        if self.observations is None:
            return []
        if len(factors) != 1 or None in factors:
            return self._unnamed_reference()
        doubt = (f"the print shows treatment contrasts of {next(iter(factors))} with no "
                 "intercept row")
        # R's summary(lm) gives its observations as the dof plus the rows printed: with the
        # intercept's row deleted, one more
        tried = [self.observations + 1, self.observations] if self.family == "R" else [
            self.observations]
        for observations in tried if self.kind == GAUSSIAN and self.scale is not None else []:
            assert self.scale is not None
            found = unprinted_reference_counts(observations, self.coefficients, self.scale)
            if found:
                return [replace(count, doubt=doubt) for count in found]
        first = self.coefficients[0]
        size = max(1, int(self.observations) - len(self.coefficients))
        return [ModelCount(first.line, first.term.strip(), "the reference group of "
                           f"{factors.pop()} (its row is not printed)", "people", 1, size,
                           doubt="the print shows treatment contrasts with no intercept row, "
                           "so the reference group's size is unknown")]


    def _unnamed_reference(self) -> list[ModelCount]:
        """Terms not named as one factor's levels (renamed apart: ``West``, ``North``) with no
        intercept row (a logit's, probit's or Poisson's: floors, ``unprinted_reference_floors``):
        a linear model's sizes from ``N`` and ``s^2`` where the groups also give
        back the printed R-squared (the second test the names cannot give), each a doubt.
        With the R-squared deleted too, the sum check alone decides (slopes rarely pass it:
        4 of 600 generated fits, none under 10, round 18): a name never clears a group."""
        assert self.observations is not None
        if self.kind != GAUSSIAN:
            # a logit's, probit's or Poisson's contrasts bound the hidden groups from below
            return unprinted_reference_floors(self.kind or "", self.observations,
                                              self.coefficients, self.exponentiated)
        if self.scale is None:
            return []
        tried = [self.observations + 1, self.observations] if self.family == "R" else [
            self.observations]
        tested = ("and give back the printed R-squared" if self.r_squared is not None else
                  "(no R-squared is printed to test them)")
        for observations in tried:
            found = unprinted_reference_counts(observations, self.coefficients, self.scale,
                                               self.r_squared)
            if found:
                return [replace(count, doubt="the print shows no intercept row and its terms "
                                "are not named as one factor's levels, but its numbers fit one "
                                f"factor's groups {tested}") for count in found]
        return []


def _level_factor(rows: list[Coefficient]) -> str | None:
    """The one factor whose levels ``rows`` name in R's or Stata's print (``factor(g)b``,
    R's glued ``regionWest``, Stata's ``g`` header over its level rows), or None: contrasts
    with their reference row deleted (statsmodels' ``C(g)[T.b]`` is ``contrast_factor``'s)."""
    if rows and all(len(row.parts) == 1 for row in rows):
        names = {row.parts[0][0] for row in rows}
        return names.pop() if len(names) == 1 else None
    terms = [row.term for row in rows]
    return one_factor(terms) or shared_prefix(terms)


def parse_model_text(text: str) -> ModelText | None:
    """The parsed summary, or None when the text is not a model summary sdc knows."""
    lines = text.splitlines()
    if any(_STATSMODELS_TITLE.match(line) for line in lines[:40]):
        return _with_notes(_each(lines, _STATSMODELS_TITLE, _statsmodels), lines)
    if any(_R_DOF.search(line) for line in lines) and any(
            line.strip() == "Coefficients:" for line in lines):
        return _with_notes(_each(lines, _R_CALL, _r), lines)
    if any(_STATA_ANOVA.match(line) and line.strip().startswith("Source") for line in lines):
        return _with_notes(_each(lines, _STATA_SOURCE, _stata), lines)
    if any(_STATA_LINEAR.match(line) for line in lines[:40]):
        return _with_notes(_each(lines, _STATA_LINEAR, _stata), lines)
    if any(_STATA_ML_TITLE.match(line) for line in lines[:40]):
        return _with_notes(_each(lines, _STATA_ML_TITLE, _stata_ml), lines)
    return None


def _each(lines: list[str], start: re.Pattern[str],
          parse: Callable[[list[str]], ModelText]) -> ModelText:
    """Models printed one after another (each from its title, ``Call:`` or ``Source |``
    line) read one at a time, so one model's intercept, observations or words are never
    another's (a second model in the file stopped the first's counts being read); the
    first's facts stand for the file, the lines of all of them are its."""
    starts = [i for i, line in enumerate(lines) if start.match(line)][1:]
    if not starts:
        return parse(lines)
    parts = []
    for a, b in zip([0, *starts], [*starts, len(lines)], strict=True):
        part = parse(lines[a:b])
        parts.append(replace(
            part, residue=[(n + a, line) for n, line in part.residue],
            coefficients=[replace(row, line=row.line + a) for row in part.coefficients],
            notes=[replace(note, line=note.line + a) for note in part.notes]))
    return replace(
        parts[0], parts=parts, dofs=[d for part in parts for d in part.dofs],
        residue=[r for part in parts for r in part.residue],
        words=[w for part in parts for w in part.words],
        disagreements=[d for part in parts for d in part.disagreements],
        coefficients=[row for part in parts for row in part.coefficients],
        notes=[note for part in parts for note in part.notes])


def _with_notes(out: ModelText, lines: list[str]) -> ModelText:
    """A perfect-prediction note left as residue (Stata prints it over the model) is read
    (``sdc.readers.model_notes``): its words are the package's, its zero and count a rule's."""
    residue = {n for n, _ in out.residue}
    used: set[int] = set()
    for at, counts in separation_notes(lines):
        if at <= residue:
            out.notes += counts
            used |= at
    out.words += [lines[n - 1].strip() for n in sorted(used)]
    out.residue = [(n, line) for n, line in out.residue if n not in used]
    return out


def statsmodels_summary(lines: list[str]) -> ModelText:
    """``lines`` read as a statsmodels summary's, whatever its title (an HTML export puts it
    in a caption, summary2's has none): what is not one of its blocks is residue."""
    return _statsmodels(lines)


def _statsmodels(lines: list[str]) -> ModelText:
    out = ModelText("statsmodels")
    in_coef = in_notes = False
    facts: dict[str, str] = {}
    for i, line in enumerate(lines, 1):
        stripped = line.strip()
        if _SEPARATOR.match(line):
            in_coef = in_coef and not stripped.startswith("=")
            continue
        if _STATSMODELS_TITLE.match(line):
            continue
        if _COEF_HEADER.search(line):
            in_coef, in_notes = True, False
            continue
        if in_coef and (row := _COEF_ROW.match(line)):
            out.words.append(stripped)  # the term and its numbers (one too many can be an id)
            out.coefficients.append(_coefficient(i, row.group(1), row.group(2)))
            continue
        in_coef = False
        if stripped == "Notes:":
            in_notes = True
            continue
        if in_notes and _NOTE.match(_SCI.sub("", line)):
            out.words.append(stripped)
            continue
        pairs = _known_pairs(line)
        if pairs is not None:
            for key, value in pairs:
                if key == "df residuals":
                    out.dofs.append(float(value))
                facts.setdefault(key, value)
                out.words.append(value)  # any value can hold an identifier
            continue
        out.residue.append((i, line))
    out.kind, out.doubt = _statsmodels_kind(facts)
    out.disagreements += _found(statsmodels_disagreement(
        facts, [row.term for row in out.coefficients]))
    out.observations = _number(facts.get("no. observations")) or _observations_of(out)
    if out.kind == GAUSSIAN:
        out.scale = _statsmodels_scale(facts, out.observations, len(out.coefficients))
        out.r_squared = printed_interval(facts.get("r-squared", ""))
    return out


def _found(disagreement: str | None) -> list[str]:
    return [] if disagreement is None else [disagreement]


def _observations_of(out: ModelText) -> float | None:
    """A print's observations where it does not name them (its ``No. Observations`` or
    ``Number of obs`` deleted): its residual dof plus the coefficients estimated."""
    return out.dofs[0] + len(out.coefficients) if len(out.dofs) == 1 and (
        out.coefficients) else None


def _statsmodels_scale(facts: dict[str, str], observations: float | None,
                       rows: int) -> Interval | None:
    """A linear model's ``s^2``: its printed ``Scale`` (a GLM's, summary2's), else an OLS's
    worked out from its ``Log-Likelihood`` and ``Df Residuals`` (deleted: the observations
    less the coefficient ``rows``)."""
    if "scale" in facts:
        return scale_printed(facts["scale"])
    dof = _number(facts.get("df residuals")) or (
        observations - rows if observations is not None and rows else None)
    if facts.get("model", "").lower() not in _LEAST_SQUARES or observations is None or (
            dof is None):
        return None
    return scale_from_loglik(facts.get("log-likelihood", ""), observations, dof)


def _statsmodels_kind(facts: dict[str, str]) -> tuple[str | None, str]:
    """The family and link a statsmodels summary names, the scale fixed at 1 (a linear
    model's is its ``s^2``; else None), and the doubt its words cast (``ModelText.doubt``):
    robust or clustered standard errors (``Covariance Type`` not ``nonrobust``) and weighted
    least squares (``WLS``, ``GLS``: variances over sums of weights) break the formula, but
    the numbers are read as a model-based OLS's all the same."""
    covariance = facts.get("covariance type", "nonrobust")
    model = facts.get("model", "").lower()
    doubts = [f"Covariance Type: {covariance}"] if covariance.lower() != "nonrobust" else []
    if model in _LEAST_SQUARES - {"ols"}:
        doubts.append(f"Model: {facts['model']}")
    doubt = ", ".join(doubts)
    family = facts.get("model family", "").lower()
    link = facts.get("link function", "").lower()
    if model in _LEAST_SQUARES or (model == "glm" and family == "gaussian" and
                                   link == "identity"):
        return GAUSSIAN, doubt
    scale = _number(facts.get("scale", "1"))
    if scale is None or abs(scale - 1) > 1e-9:
        return None, ""
    if model == "logit" or (model == "glm" and family == "binomial" and link == "logit"):
        return "binomial-logit", doubt
    if model == "probit" or (model == "glm" and family == "binomial" and link == "probit"):
        return "binomial-probit", doubt
    if model == "poisson" or (model == "glm" and family == "poisson" and link == "log"):
        return "poisson-log", doubt
    return None, ""


def _number(text: str | None) -> float | None:
    if text is None or not re.fullmatch(_NUM, text.strip()):
        return None
    return float(text)


def _coefficient(line: int, term: str, numbers: str) -> Coefficient:
    """A coefficient row: its estimate and standard error are its first two numbers."""
    estimate, se = numbers.split()[:2]
    return Coefficient(line, term.strip(), estimate, se)


def _known_pairs(line: str) -> list[tuple[str, str]] | None:
    """``Key:  value   Key:  value`` with every key one statsmodels prints; else None."""
    pairs = [(m.group(1).strip().lower(), m.group(2)) for m in _PAIR.finditer(line)]
    consumed = "".join(m.group(0) for m in _PAIR.finditer(line))
    if not pairs or any(k not in _KEYS for k, _ in pairs):
        return None
    if len(re.sub(r"\s", "", consumed)) != len(re.sub(r"\s", "", line)):
        return None
    if any(k == "df residuals" and not re.fullmatch(_NUM, v) for k, v in pairs):
        return None
    return pairs


def _r(lines: list[str]) -> ModelText:
    out = ModelText("R")
    block = ""
    for i, line in enumerate(lines, 1):
        stripped = line.strip()
        if not stripped or stripped == "---":
            if block in ("call", "residuals"):
                block = ""
            continue
        if m := _R_DOF.search(line):
            out.dofs.append(float(m.group(1)))
        if stripped == "Call:":
            block = "call"
            continue
        if block == "call":
            out.words.append(stripped)  # the formula: names only, checked for identifiers
            continue
        if _R_RESIDUALS.match(line):
            block = "residuals"
            continue
        if block == "residuals":
            # R prints the residuals' min and max (every residual when n <= 5): single
            # records' values, so they are named for a person to look at
            out.residue.append((i, line))
            continue
        if stripped == "Coefficients:":
            block = "coef"
            continue
        if any(p.match(line) for p in _R_KNOWN):
            continue
        if block == "coef" and (row := _R_COEF_ROW.match(line)):
            out.words.append(stripped)
            out.coefficients.append(_coefficient(i, row.group(1), row.group(2)))
            continue
        out.residue.append((i, line))
    out.kind, out.observations = _r_kind(lines)
    if out.kind is None:
        out.kind, out.observations, out.scale = _r_linear(lines, len(out.coefficients))
        if out.kind == GAUSSIAN and out.scale is not None and not _R_LM.search(
                "\n".join(lines)) and not _R_GAUSSIAN.search("\n".join(lines)):
            out.unsure = ("the print has no 'Multiple R-squared' line (summary(lm) always "
                          "prints one), read as a linear model's all the same")
        if (r2 := _R_R2.search("\n".join(lines))) is not None:
            out.r_squared = printed_interval(r2.group(1))
        weights = _R_WEIGHTS.search("\n".join(lines))
        out.doubt = weights.group(0).strip() if out.kind and weights else ""
    out.disagreements += _found(_r_disagreement("\n".join(lines), out.coefficients))
    return out


def _r_disagreement(text: str, rows: list[Coefficient]) -> str | None:
    """The residual dof R prints twice, and the model dof beside the rows estimated (an
    aliased row, ``NA``, estimates nothing)."""
    sigma, f = _R_SIGMA.search(text), _R_F.search(text)
    null, resid = _R_NULL.search(text), _R_RESID_DEVIANCE.search(text)
    return r_disagreement(
        float(sigma.group(2)) if sigma else None,
        (float(f.group(1)), float(f.group(2))) if f else None,
        (float(null.group(1)), float(resid.group(1))) if null and resid else None,
        sum(1 for row in rows if row.estimate.strip() != "NA"))


def _r_linear(lines: list[str], rows: int
              ) -> tuple[str | None, float | None, Interval | None]:
    """A linear model's kind, observations and ``s^2``: ``summary(lm)`` (``Residual standard
    error: s on df``, its observations df plus the coefficient rows) or a gaussian ``glm``
    with the identity link (its dispersion; the null deviance's dof plus one). Weights are
    the caller's doubt (``ModelText.doubt``)."""
    text = "\n".join(lines)
    if (dispersion := _R_GAUSSIAN.search(text)) and (null := _R_NULL.search(text)):
        if set(_R_LINK.findall(text)) - {"identity"}:
            return None, None, None
        return GAUSSIAN, float(null.group(1)) + 1, scale_printed(dispersion.group(1))
    sigma = _R_SIGMA.search(text)
    # a deleted ``Multiple R-squared`` line does not stop the reading (the caller's doubt;
    # nls prints the same sigma line, and its parameters rarely add up as groups)
    if sigma is None or not rows:
        return None, None, None
    return GAUSSIAN, float(sigma.group(2)) + rows, scale_from_sigma(sigma.group(1))


def _r_kind(lines: list[str]) -> tuple[str | None, float | None]:
    """An R ``glm``'s family (its dispersion line, fixed at 1) and link (the call names none
    but the canonical one), and its observations (the null deviance's dof plus one: the
    model has an intercept, or no counts are read)."""
    text = "\n".join(lines)
    family = _R_FAMILY.search(text)
    null = _R_NULL.search(text)
    if family is None or null is None:
        return None, None
    name = family.group(1)
    links = set(_R_LINK.findall(text)) or {"logit" if name == "binomial" else "log"}
    kind = f"{name}-{links.pop()}" if len(links) == 1 else None
    if kind not in ("binomial-logit", "binomial-probit", "poisson-log"):
        return None, None
    return kind, float(null.group(1)) + 1


def _stata(lines: list[str]) -> ModelText:
    """Stata's ``regress``: the ANOVA table (the residual dof and ``MS``, ``s^2``), the model
    facts on its right (``Number of obs``, ``Root MSE``) and the coefficient table; with
    robust errors (``Linear regression``, no ANOVA table) the dof are its ``F(k, d)``'s."""
    out = ModelText("Stata")
    table: _StataTable | None = None
    residual_ms = root_mse = f_dof = None
    anova: dict[str, list[str]] = {}
    f_dofs: tuple[float, float] | None = None
    for i, printed in enumerate(lines, 1):
        # Stata groups thousands (``Number of obs = 3,000``, ``Residual | ... 2,997``)
        line = _THOUSANDS.sub("", printed)
        if _SEPARATOR.match(line):
            if table is not None:
                table.factors = None
            continue
        if m := _STATA_OBS.search(line):
            out.observations = float(m.group(1))
        if m := _STATA_ROOT_MSE.search(line):
            root_mse = m.group(1)
        right = _STATA_RIGHT.sub("", line)
        if m := _STATA_ANOVA.match(right):
            nums = m.group(2).split()
            if m.group(1) != "Source":
                anova.setdefault(m.group(1), nums)
            if m.group(1) == "Residual" and len(nums) >= 2:
                out.dofs.append(float(nums[1]))
                residual_ms = nums[2] if len(nums) >= 3 else None
            if m.group(1) == "Source" or all(re.fullmatch(_NUM, n) for n in nums):
                out.words.append(right.strip())
                continue
        if m := _STATA_F.search(line):
            f_dof = float(m.group(1))
        if f_dofs is None and (m := _STATA_F_BOTH.search(line)):
            f_dofs = float(m.group(1)), float(m.group(2))
        if _SEPARATOR.match(_STATA_LINEAR.sub("", right)):
            continue  # a line holding only the right-hand model facts (and a title)
        if _STATA_COEF_HEADER.match(line):
            table = _StataTable(out)
            continue
        if _STATA_COMMAND.match(line) or _STATA_VCE_HEADER.match(line):
            out.words.append(line.strip())
            continue
        if table is not None and table.read(i, line):
            continue
        out.residue.append((i, printed))
    if not out.dofs and f_dof is not None:
        out.dofs.append(f_dof)  # no ANOVA table (robust errors): the F test's residual dof
    out.kind, out.doubt = GAUSSIAN, _stata_doubt(lines)
    printed_observations = out.observations
    out.observations = out.observations or _observations_of(out)
    out.scale = (scale_printed(residual_ms) if residual_ms is not None else None) or (
        scale_from_sigma(root_mse) if root_mse is not None else None)
    if (r2 := _STATA_R2.search("\n".join(lines))) is not None:
        out.r_squared = printed_interval(r2.group(1))
    out.disagreements += _found(stata_disagreement(
        anova, printed_observations, f_dofs, len(out.coefficients)))
    return out


def _stata_doubt(lines: list[str]) -> str:
    """What a Stata print says of robust standard errors or weights (``ModelText.doubt``):
    the first such line, stripped."""
    return next((" ".join(line.split()) for line in lines
                 if _STATA_ROBUST.search(line) or _STATA_WEIGHTS.search(line)), "")


@dataclass
class _StataTable:
    """A Stata coefficient table's rows read into ``out``: an estimated row is a coefficient
    (its term the factor header's ``a`` or ``a#b`` and the row's level, ``_stata_parts``),
    a factor's name or a level printed without an estimate is a word (``(empty)``: a zero)."""

    out: ModelText
    factors: list[str] | None = None  # the factor (``a``) or factors (``a#b``) over the rows

    def read(self, i: int, line: str) -> bool:
        """Whether ``line`` (the ``i``-th) is one of the table's rows, read."""
        if row := _STATA_ML_ROW.match(line):
            self.out.words.append(line.strip())
            label = line.split("|")[0].strip()
            if label.lower() == "_cons":
                self.factors = None
            coefficient = _coefficient(i, label if self.factors is None else
                                       f"{'#'.join(self.factors)} {label}", row.group(1))
            self.out.coefficients.append(replace(coefficient, parts=_stata_parts(
                self.factors, label)))
            return True
        if _STATA_FACTOR.match(line):
            self.out.words.append(line.strip())  # a factor's name or its base level
            name, level = (part.strip() for part in line.split("|", 1))
            if not level:
                self.factors = name.split("#")
            self.out.notes += _stata_empty(i, line, self.factors if level else None)
            return True
        return False


def _stata_ml(lines: list[str]) -> ModelText:
    """Stata's ``logit``/``logistic``/``probit``/``poisson`` output: the residual dof are the
    observations less the coefficients estimated (``Number of obs`` less the rows of the
    coefficient table, ``_cons`` included), as statsmodels' ``df_resid`` counts them. Without
    both, no dof: SDC301 ``review``."""
    out = ModelText("Stata")
    table: _StataTable | None = None
    observations: float | None = None
    for i, printed in enumerate(lines, 1):
        line = _THOUSANDS.sub("", printed)
        if _SEPARATOR.match(line):
            if table is not None:
                table.factors = None  # a factor's rows end at the table's empty ``|`` line
            continue
        if m := _STATA_OBS.search(line):
            observations = float(m.group(1))
        right = _STATA_ML_RIGHT.sub("", line)
        if _SEPARATOR.match(right) or _STATA_ML_LEFT.match(right):
            out.words.append(right.strip())
            continue
        if header := _STATA_ML_COEF_HEADER.match(line):
            table = _StataTable(out)
            out.exponentiated = not header.group(1).lower().startswith("coef")
            continue
        if _STATA_COMMAND.match(line) or _STATA_VCE_HEADER.match(line):
            out.words.append(line.strip())  # the echoed command (no number in it)
            continue
        if table is not None and table.read(i, line):
            continue
        out.residue.append((i, printed))
    if observations is not None and out.coefficients:
        out.dofs.append(observations - len(out.coefficients))
    out.observations = observations
    out.kind, out.doubt = _stata_kind(lines), _stata_doubt(lines)
    out.disagreements += _found(_stata_ml_disagreement(lines, out, observations))
    return out


def _stata_ml_disagreement(lines: list[str], out: ModelText, observations: float | None
                           ) -> str | None:
    """:func:`stata_ml_disagreement` of one model's print: its ``Iteration 0`` the last
    before its title (a log's next model iterates after this one's table), its fitted log
    likelihood, LR test and pseudo R2. Weights (``Number of obs`` is then no count of
    records the likelihood sums over) leave the observations out of it."""
    title = next((i for i, line in enumerate(lines) if _STATA_ML_TITLE.match(line)), 0)
    iteration0 = None
    for line in lines[:title]:
        if m := _STATA_ITERATION0.match(line):
            iteration0 = m.group(1)

    def first(pattern: re.Pattern[str]) -> re.Match[str] | None:
        return next((m for line in lines[title:] if (m := pattern.search(
            _THOUSANDS.sub("", line)))), None)

    fitted, lr, r2 = first(_STATA_LL), first(_STATA_LR), first(_STATA_PSEUDO_R2)
    kind = {"binomial-logit": "binary", "binomial-probit": "binary",
            "poisson-log": "poisson"}.get(out.kind or "", "other")
    weighted = any(_STATA_WEIGHTS.search(line) for line in lines)
    return stata_ml_disagreement(
        kind, None if weighted else observations, len(out.coefficients), iteration0,
        fitted.group(1) if fitted else None, (lr.group(1), lr.group(2)) if lr else None,
        r2.group(1) if r2 else None)


def _stata_empty(at: int, line: str, factors: list[str] | None) -> list[ModelCount]:
    """A level or combination Stata prints as ``(empty)`` (``1 3 |  0  (empty)`` under
    ``a#b |``, shown by default): no observations in it, a zero cell behind the model (SDC102
    ``review``: a person confirms it is structural). A zero, not a count: SDC101 has nothing."""
    if not _STATA_EMPTY.search(line):
        return []
    label = line.split("|")[0].strip()
    term = label if factors is None else f"{'#'.join(factors)} {label}"
    return [ModelCount(at, term, f"the combination '{term}'", "observations", 0, 0,
                       how=f"Stata printed '{term}' as (empty): no observations in it")]


_STATA_NAMED_LEVEL = re.compile(r"^(\d+)[bno]?\.([A-Za-z_]\w*)$")


def _stata_parts(header: list[str] | None, label: str) -> tuple[tuple[str, str], ...]:
    """The (factor, level) pairs of a Stata coefficient row: under a factor header ``a#b`` a
    row ``1 2`` (levels apart by spaces) or ``Female#2`` (value labels apart by ``#``); with no
    header, Stata 11's own names ``1.a`` and ``1.a#2.b``. Empty when the row names no
    factor's level this way (a continuous variable, ``c.age`` in an interaction, a label
    with spaces in it: the row's name is read as before)."""
    if header is None:
        named = [_STATA_NAMED_LEVEL.match(part) for part in label.split("#")]
        if not all(named):
            return ()
        return tuple((m.group(2), m.group(1)) for m in named if m is not None)
    if any(not re.fullmatch(r"(?:i\.)?[A-Za-z_]\w*", f) for f in header):
        return ()  # ``c.age``, ``sex#c.age``: a slope, not a level
    levels = [label] if len(header) == 1 else label.split("#") if "#" in label else label.split()
    if len(levels) != len(header):
        return ()
    return tuple((f.removeprefix("i."), level.strip()) for f, level in zip(
        header, levels, strict=True))


def _stata_kind(lines: list[str]) -> str | None:
    """The family and link a Stata title names (``logit`` and ``logistic`` print "Logistic
    regression", ``probit`` "Probit regression"); a ``Robust`` column header is a doubt
    (``_stata_doubt``)."""
    title = next((m.group(1).lower() for line in lines[:40]
                  if (m := _STATA_ML_TITLE.match(line))), "")
    return {"logistic": "binomial-logit", "probit": "binomial-probit",
            "poisson": "poisson-log"}.get(title)

