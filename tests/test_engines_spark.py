"""Evidence computed by PySpark (local mode): the same evidence frame, table, sidecar and
findings as pandas. Slow (a JVM starts once for the module, each table is several Spark jobs),
so it covers the contract's cases and a few seeded random tables, not the full property run."""

from __future__ import annotations

import random
import shutil
import signal
from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd
import pytest

import sdc
from sdc.evidence.backends import EvidenceRequest, open_backend
from sdc.evidence.backends.pandas_engine import PandasBackend
from tests.test_engines import RAW, _pandas, sidecar_json
from tests.test_engines_properties import STATS, VALUES, frames

pyspark = pytest.importorskip("pyspark")
if shutil.which("java") is None:
    pytest.skip("no Java runtime: the Spark backend is not tested (.ci/system-deps installs "
                "default-jre-headless)", allow_module_level=True)

pytestmark = [pytest.mark.slow,
              # one xdist worker runs the module, so one JVM starts (the module-scoped session
              # was started once per worker: ~10-14 s each under -n 2)
              pytest.mark.xdist_group("spark"),
              # pyspark 4.3 warns that it does not fully support pandas 3; sdc collects rows
              # itself and never uses pyspark's pandas conversion
              pytest.mark.filterwarnings("ignore:PySpark does not yet fully support")]

SCHEMA = "region string, sex string, practice string, cost double, w double"


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    """One local session for the module. pyspark's SparkContext installs a SIGINT handler that
    cancels its jobs and never removes it; after ``stop()`` that handler fails (the context is
    gone) and raises KeyboardInterrupt, which xdist's worker meets when it interrupts its main
    thread at shutdown. The handler before the session is put back after it."""
    from pyspark.sql import SparkSession

    sigint_before = signal.getsignal(signal.SIGINT)
    session = (SparkSession.builder.master("local[1]").appName("sdc-tests")
               .config("spark.ui.enabled", "false")
               .config("spark.ui.showConsoleProgress", "false")
               .config("spark.sql.shuffle.partitions", "2")
               .config("spark.driver.memory", "1g").getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
    signal.signal(signal.SIGINT, sigint_before)


def spark_frame(spark: Any, raw: dict[str, list[Any]], schema: str = SCHEMA) -> Any:
    clean = {k: [None if isinstance(x, float) and np.isnan(x) else x for x in v]
             for k, v in raw.items()}
    return spark.createDataFrame(list(zip(*clean.values(), strict=True)), schema)


@pytest.mark.parametrize("request_", [
    EvidenceRequest(by=("region", "sex"), value="cost", contributor="practice", weights="w",
                    margins=True),
    EvidenceRequest(by=("region", "sex"), value=None, contributor="practice", margins=True),
    EvidenceRequest(by=("sex",), value=None, weights="w", top_n=0),
    EvidenceRequest(by=("region", "sex"), value="cost", contributor="practice",
                    quantiles=(0.5, 0.9), variance=True, mode=True, observed=False),
], ids=["margins-weights", "frequency", "weighted-count", "statistics-full"])
def test_spark_gives_the_pandas_evidence_frame(spark: Any, request_: EvidenceRequest) -> None:
    expected = PandasBackend(_pandas()).cell_evidence(request_)
    got = open_backend(spark_frame(spark, RAW), {c: c for c in RAW}).cell_evidence(request_)
    pd.testing.assert_frame_equal(got, expected)


def _outcome(table: sdc.SDCTable) -> tuple[pd.DataFrame, str, list[dict[str, Any]]]:
    return (table.df, sidecar_json(table),
            [f.to_dict() for f in table.findings])


def test_spark_tables_sidecars_and_findings_equal_pandas(spark: Any) -> None:
    rng = random.Random(1717)  # a few seeded random microdata sets, as in the property test
    for _ in range(2):
        records = [(rng.choice(["a", "b", "c", None]), rng.choice(["F", "M", "X"]),
                    rng.choice(VALUES), rng.choice([None, 1, 2, 3, 4, 5]),
                    rng.choice([0.5, 1.0, 2.0, 4.0])) for _ in range(rng.randint(5, 30))]
        data = frames(records, fill_region=False)
        raw = {"region": [r[0] for r in records], "sex": [r[1] for r in records],
               "cost": data["pandas"]["cost"].tolist(), "practice": [r[3] for r in records],
               "w": [r[4] for r in records]}
        sdf = spark_frame(spark, raw, "region string, sex string, cost double, "
                                      "practice long, w double")
        stat = rng.choice(STATS)
        for make in (
            lambda d, stat=stat: sdc.pivot_table(d, index="region", columns="sex",
                                                 values="cost", aggfunc=stat, margins=True,
                                                 contributor="practice"),
            lambda d: sdc.crosstab(data=d, index="region", columns="sex", weights="w"),
        ):
            expected = _outcome(make(data["pandas"]))
            got = _outcome(make(sdf))
            pd.testing.assert_frame_equal(got[0], expected[0])
            assert got[1] == expected[1]
            assert got[2] == expected[2]


def test_spark_aggregate_and_refusals(spark: Any) -> None:
    sdf = spark_frame(spark, RAW)
    stats = ["count", "mean", "median", "std", "mode"]
    got = sdc.aggregate(sdf, by=["region"], values="cost", stats=stats, contributor="practice")
    expected = sdc.aggregate(_pandas(), by=["region"], values="cost", stats=stats,
                             contributor="practice")
    pd.testing.assert_frame_equal(got.df, expected.df)
    with pytest.raises(TypeError, match="must be numeric"):
        sdc.pivot_table(sdf, index="sex", values="region", aggfunc="mean")
    with pytest.raises(KeyError):
        sdc.pivot_table(sdf, index="nope", values="cost")
