"""Who made each top contribution (``top1_id..topN_id``, the sidecar's ``top_ids``): the
evidence names the contributor behind each of a cell's largest contributions, so SDC502's
respondent audit runs for tables made with the API (handbook ch. 4.2, one respondent in
several hidden cells). Checked against a plain pandas oracle (per-contributor sums, ranked,
a contribution equal to another among the first ``top_n + 1`` named by nobody)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sdc.evidence.compute import cell_evidence, top_columns, top_id_columns


def oracle_ids(df: pd.DataFrame, by: list[str], contributor: str, value: str,
               top_n: int) -> dict[tuple, list[str | None]]:
    """Each cell's ids, from a groupby of the rows (missing ids are one unknown contributor,
    never named)."""
    out = {}
    for key, rows in df.dropna(subset=by).groupby(by):
        rows = rows.dropna(subset=[value])
        known = rows[rows[contributor].notna()]
        sums = known.groupby(contributor)[value].sum()
        unknown = rows[rows[contributor].isna()][value]
        ranked = [(float(v), str(int(c)) if isinstance(c, float) else str(c))
                  for c, v in sums.items()]
        if len(unknown):
            ranked.append((float(unknown.sum()), None))
        ranked = sorted((p for p in ranked if p[0] > 0), key=lambda p: -p[0])[:top_n + 1]
        values = [v for v, _ in ranked]
        ids = [None if values.count(v) > 1 else c for v, c in ranked[:top_n]]
        out[key if isinstance(key, tuple) else (key,)] = ids + [None] * (top_n - len(ids))
    return out


def ids_of(ev: pd.DataFrame, top_n: int) -> dict[tuple, list[str | None]]:
    return {key: [v if isinstance(v, str) else None for v in row]
            for key, row in zip(ev.index, ev[top_id_columns(top_n)].to_numpy().tolist(),
                                strict=True)}


def test_ids_of_a_small_table() -> None:
    """Firm 1 leads a/x; a/y's two 7s tie (nobody named); b/x's 9s tie at ranks 1-2 and 4
    is third; c/x is all from a row without an id (unknown: not named); ids written as text,
    a whole float id without its ``.0``."""
    df = pd.DataFrame({"r": list("aaaabbbbc"), "s": list("xxyyxxxxx"),
                       "firm": [1.0, 2.0, 1.0, 3.0, 4.0, 5.0, 6.0, 4.0, np.nan],
                       "v": [10.0, 5.0, 7.0, 7.0, 3.0, 9.0, 9.0, 4.0, 2.0]})
    ev = cell_evidence(df, ["r", "s"], "v", contributor="firm", top_ids=True)
    assert ids_of(ev, 3) == {("a", "x"): ["1", "2", None], ("a", "y"): [None, None, None],
                             ("b", "x"): [None, None, "4"], ("c", "x"): [None, None, None]}
    assert ev.loc[("b", "x"), top_columns(3)].tolist() == [9.0, 9.0, 7.0]


def test_without_the_option_or_a_contributor_nothing_changes() -> None:
    df = pd.DataFrame({"r": list("aab"), "firm": ["p", "q", "p"], "v": [1.0, 2.0, 3.0]})
    plain = cell_evidence(df, ["r"], "v", contributor="firm")
    with_ids = cell_evidence(df, ["r"], "v", contributor="firm", top_ids=True)
    assert not set(top_id_columns(3)) & set(plain.columns)
    pd.testing.assert_frame_equal(with_ids.drop(columns=top_id_columns(3)), plain)
    no_contributor = cell_evidence(df, ["r"], "v", top_ids=True)
    assert not set(top_id_columns(3)) & set(no_contributor.columns)


@pytest.mark.parametrize("seed", range(6))
def test_ids_agree_with_a_groupby_oracle(seed: int) -> None:
    """Random tables (ties from small integer values, missing ids, negatives, zeros; integer
    and text ids; margins) against the oracle."""
    rng = np.random.default_rng(seed)
    n = 400
    firm = rng.integers(0, 40, n)
    df = pd.DataFrame({"r": rng.choice(list("abcd"), n), "s": rng.choice(list("xyz"), n),
                       "v": rng.integers(-2, 12, n).astype(float)})
    df["firm"] = firm if seed % 2 else [f"f{x}" for x in firm]
    if seed % 3 == 0:
        df["firm"] = df["firm"].astype(object)
        df.loc[rng.random(n) < 0.1, "firm"] = None
    top_n = 2 + seed % 3
    ev = cell_evidence(df, ["r", "s"], "v", contributor="firm", top_n=top_n, top_ids=True,
                       margins=True)
    plain = cell_evidence(df, ["r", "s"], "v", contributor="firm", top_n=top_n, margins=True)
    pd.testing.assert_frame_equal(ev.drop(columns=top_id_columns(top_n)), plain)
    inner = ev.loc[[k for k in ev.index if "All" not in k]]
    assert ids_of(inner, top_n) == oracle_ids(df, ["r", "s"], "firm", "v", top_n)
    rows = ev.loc[[k for k in ev.index if k[1] == "All" and k[0] != "All"]]
    assert ({k[0]: v for k, v in ids_of(rows, top_n).items()}
            == {k[0]: v for k, v in oracle_ids(df, ["r"], "firm", "v", top_n).items()})


def test_every_engine_writes_the_same_top_ids() -> None:
    """``sdc.crosstab(..., top_ids=True)`` on DuckDB and Polars data writes the sidecar pandas
    writes (ties, a row without an id, margins); without ``top_ids`` no cell has them."""
    import json

    import sdc
    from sdc.evidence.sidecar import sidecar_document

    duckdb = pytest.importorskip("duckdb")
    pl = pytest.importorskip("polars")
    raw = {"r": list("aaaabbbbcc"), "s": list("xxyyxxyyxx"),
           "firm": [1, 2, 1, 3, 4, 4, 5, 6, 7, None], "v": [10.0, 5, 7, 7, 3, 4, 9, 9, 2, 8]}
    frame = pd.DataFrame(raw)

    def sidecar(table: sdc.SDCTable) -> dict:
        return json.loads(json.dumps(sidecar_document(table._sidecar_meta(),
                                                      table._sidecar_evidence())))

    def made(data: object, ids: bool = True) -> dict:
        return sidecar(sdc.crosstab(data=data, index="r", columns="s", values="v",
                                    aggfunc="sum", contributor="firm", margins=True,
                                    top_ids=ids))

    expected = made(frame)
    ids = {tuple(c["coords"].values()): c.get("top_ids") for c in expected["cells"]}
    assert ids[("a", "x")] == ["1", "2", None]
    assert ids[("a", "y")] is None  # 7 and 7: nobody named
    assert ids[("c", "x")] == [None, "7", None]  # 8 from a row without an id, then firm 7
    assert ids[("All", "All")] == ["1", None, None]  # 17, then 9 and 9 (firms 5 and 6)
    assert made(duckdb.from_df(frame)) == expected
    assert made(pl.DataFrame(raw, strict=False)) == expected
    assert not any("top_ids" in c for c in made(frame, ids=False)["cells"])


def test_the_api_writes_the_ids_unless_told_not_to() -> None:
    """``sdc.crosstab(..., contributor=)`` names who made each top contribution by default,
    so SDC502's respondent audit runs on API tables; ``top_ids=False`` leaves them out."""
    import json

    import sdc
    from sdc.evidence.sidecar import sidecar_document

    frame = pd.DataFrame({"r": list("aab"), "firm": ["p", "q", "p"], "v": [1.0, 2.0, 3.0],
                          "s": list("xxx")})

    def ids(**option: bool) -> dict:
        table = sdc.crosstab(data=frame, index="r", columns="s", values="v", aggfunc="sum",
                             contributor="firm", **option)
        document = sidecar_document(table._sidecar_meta(), table._sidecar_evidence())
        return {tuple(c["coords"].values()): c.get("top_ids")
                for c in json.loads(json.dumps(document))["cells"]}

    assert ids()[("a", "x")] == ["q", "p", None]
    assert set(ids(top_ids=False).values()) == {None}
