"""The extraction as a PySpark job: inputs in, partitioned Parquet out.

1. **Plan** (driver): the inputs become *units* of work without reading any article: a
   slice of `LINES_PER_UNIT` lines of a JSONL file (byte offsets and the number of its first
   line, found by one pass over the bytes), or one whole file (text, HTML, gzip JSONL). Units
   are read where they run, so the inputs must be on a file system every executor sees (local
   mode, or a shared mount).
2. **Extract** (`mapInPandas`): each executor Python worker loads one `Extractor` for the
   job's settings (`core.get_extractor`, a per-process cache; Spark reuses its Python
   workers) and runs exactly the local engine's path: `ingest` reads the unit, `check_items`
   checks each article, `Extractor.extract_stream` extracts, `storage.duckdb._rows`
   flattens each record into the store's rows. The output is one long table (`tbl`,
   `article_key`, `seq`, `published`, `row` as JSON), written once to `_staging/`.
3. **Write**: per store table, the rows of the first occurrence of each article (lowest
   `seq`, the input order, as the local engine keeps the first) are typed with the store's
   own column types (read from the DuckDB schema, so a migration needs no change here) and
   written as Parquet under `OUT/<table>/published=YYYY-MM-DD/`; failures go to
   `OUT/failures/`; `OUT/_eventwire.json` records the counts and marks the output complete.

`Store.import_parquet(OUT)` loads it into a DuckDB store (`eventwire ingest --engine spark`
does both), after which `eventwire summary`, exports and the API work on it as on a local
ingest.
"""

from __future__ import annotations

import functools
import gzip
import json
import os
import shutil
import sys
import warnings
from collections.abc import Iterator
from dataclasses import astuple, dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eventwire.config import ExtractConfig, load_config
from eventwire.errors import EventwireError
from eventwire.ingest import (
    JSONL_SUFFIXES,
    ArticleInput,
    _suffix,
    check_items,
    folder_files,
    iter_jsonl_lines,
    iter_path,
)

if TYPE_CHECKING:
    import pandas as pd
    from pyspark.sql import SparkSession

LINES_PER_UNIT = 256
STAGING = "_staging"
MANIFEST = "_eventwire.json"
FAILURES = "failures"
UNIT_SCHEMA = "unit long, origin string, kind string, start long, stop long, first_line long"
LONG_SCHEMA = "tbl string, article_key string, seq long, published string, row string"
SEQ_BITS = 32  # seq = unit << SEQ_BITS | position in the unit: the input order
ROWS_PER_FRAME = 2000  # output rows per pandas frame handed back to Spark
TIMESTAMP_FORMAT = "yyyy-MM-dd'T'HH:mm:ss.SSSSSS"

# DuckDB column type -> Spark SQL type
SPARK_TYPES = {
    "VARCHAR": "string",
    "JSON": "string",
    "INTEGER": "int",
    "BIGINT": "bigint",
    "SMALLINT": "smallint",
    "DOUBLE": "double",
    "FLOAT": "float",
    "BOOLEAN": "boolean",
    "DATE": "date",
    "TIMESTAMP": "timestamp_ntz",
    "TIMESTAMP WITH TIME ZONE": "timestamp",
    "VARCHAR[]": "array<string>",
}


@dataclass(frozen=True, slots=True)
class Unit:
    """One task's worth of input: a line slice of a JSONL file, or one whole file."""

    unit: int
    origin: str
    kind: str  # "jsonl" (bytes start..stop of a JSONL file) or "file" (as `iter_path`)
    start: int = 0
    stop: int = -1
    first_line: int = 1


def plan_units(
    paths: list[str], lines_per_unit: int = LINES_PER_UNIT
) -> tuple[list[Unit], list[EventwireError]]:
    """The units for `paths`, in the local engine's input order, and the errors for paths
    that hold nothing (the same errors `iter_inputs` yields)."""
    units: list[Unit] = []
    errors: list[EventwireError] = []
    for raw_path in paths:
        path = Path(raw_path)
        if path.is_dir():
            files = folder_files(path)
            if not files:
                errors.append(
                    EventwireError(
                        "EW100",
                        "folder holds no .txt, .html or .jsonl files",
                        stage="ingest",
                        source=raw_path,
                    )
                )
        elif path.is_file():
            files = [path]
        else:
            errors.append(
                EventwireError("EW100", "no such file or folder", stage="ingest", source=raw_path)
            )
            continue
        for file in files:
            suffix = _suffix(file)
            if suffix in JSONL_SUFFIXES and not suffix.endswith(".gz"):
                for start, stop, first in jsonl_slices(file, lines_per_unit):
                    units.append(Unit(len(units), str(file), "jsonl", start, stop, first))
            else:
                units.append(Unit(len(units), str(file), "file"))
    return units, errors


def jsonl_slices(path: Path, lines_per_unit: int) -> Iterator[tuple[int, int, int]]:
    """(start byte, stop byte, first line number) of each run of `lines_per_unit` lines."""
    start = offset = lines = 0
    first = 1
    with open(path, "rb") as handle:
        for n, line in enumerate(handle, 1):
            offset += len(line)
            lines += 1
            if lines >= lines_per_unit:
                yield start, offset, first
                start, first, lines = offset, n + 1, 0
    if lines:
        yield start, offset, first


def _slice_lines(path: str, start: int, stop: int) -> Iterator[bytes]:
    with open(path, "rb") as handle:
        handle.seek(start)
        left = stop - start
        for line in handle:
            if left <= 0:
                return
            left -= len(line)
            yield line


def unit_items(unit: Unit) -> Iterator[ArticleInput | EventwireError]:
    """The articles (or errors) of one unit, exactly as the local engine reads them."""
    if unit.kind == "file":
        yield from iter_path(Path(unit.origin))
        return
    try:
        yield from iter_jsonl_lines(
            _slice_lines(unit.origin, unit.start, unit.stop), unit.origin, unit.first_line
        )
    except (OSError, gzip.BadGzipFile, EOFError) as exc:
        yield EventwireError("EW100", f"cannot read: {exc}", stage="ingest", source=unit.origin)


@functools.lru_cache(maxsize=1)
def table_columns() -> dict[str, list[tuple[str, str]]]:
    """(column, DuckDB type) of every record table and `failures`, from the store's schema."""
    from eventwire.storage.duckdb import RECORD_TABLES, Store

    with Store(":memory:") as store:
        return {
            table: [(row[0], row[1]) for row in store.query(f"DESCRIBE {table}")]
            for table in (*RECORD_TABLES, FAILURES)
        }


def spark_schema(columns: list[tuple[str, str]]) -> str:
    return ", ".join(f"`{name}` {SPARK_TYPES.get(kind, 'string')}" for name, kind in columns)


def _json_default(value: Any) -> str:
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value.strftime("%Y-%m-%dT%H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _dumps(names: list[str], row: tuple[Any, ...]) -> str:
    return json.dumps(dict(zip(names, row, strict=True)), default=_json_default)


def extract_partition(
    batches: Iterator[pd.DataFrame],
    cfg: ExtractConfig,
    published: str | None,
    columns: dict[str, list[tuple[str, str]]],
) -> Iterator[pd.DataFrame]:
    """mapInPandas body: units in, the long table of store rows out."""
    import pandas as pd

    from eventwire.core import get_extractor
    from eventwire.storage.duckdb import _rows

    warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas")
    extractor = get_extractor(cfg)  # once per Python worker process
    names = {table: [name for name, _ in cols] for table, cols in columns.items()}
    now = datetime.now(UTC)
    out: list[tuple[str, str | None, int, str | None, str]] = []

    def frame() -> pd.DataFrame:
        data = pd.DataFrame(out, columns=["tbl", "article_key", "seq", "published", "row"])
        out.clear()
        return data

    for batch in batches:
        for values in batch.itertuples(index=False):
            unit = Unit(
                int(values[0]), str(values[1]), str(values[2]), *(int(v) for v in values[3:])
            )
            items = check_items(unit_items(unit), cfg, published)
            for pos, result in enumerate(extractor.extract_stream(items)):
                seq = (unit.unit << SEQ_BITS) | pos
                if isinstance(result, EventwireError):
                    row = (result.source, result.code, result.message, now)
                    out.append((FAILURES, None, seq, None, _dumps(names[FAILURES], row)))
                else:
                    key = result.article.content_hash
                    day = result.article.published
                    for table, rows in _rows(result, key, now).items():
                        out.extend((table, key, seq, day, _dumps(names[table], r)) for r in rows)
                if len(out) >= ROWS_PER_FRAME:
                    yield frame()
    if out:
        yield frame()


def spark_session(workers: int = 1, master: str | None = None, quiet: bool = False) -> SparkSession:
    """A session in local mode with `workers` cores, unless `master` is given or the job
    runs under spark-submit (which sets the master)."""
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas")
    builder = SparkSession.builder.appName("eventwire")
    if master or "PYSPARK_GATEWAY_PORT" not in os.environ:
        master = master or f"local[{max(1, workers)}]"
        if master.startswith("local"):  # all on this machine: stay on the loopback
            os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
            builder = builder.config("spark.driver.host", "127.0.0.1").config(
                "spark.driver.bindAddress", "127.0.0.1"
            )
        builder = (
            builder.master(master)
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", str(not quiet).lower())
            .config("spark.sql.shuffle.partitions", str(max(4, 2 * workers)))
        )
    spark = (
        builder.config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR" if quiet else "WARN")
    return spark


def run_job(
    inputs: list[str],
    out: str | Path,
    cfg: ExtractConfig | None = None,
    *,
    published: str | None = None,
    workers: int = 1,
    master: str | None = None,
    quiet: bool = False,
    lines_per_unit: int = LINES_PER_UNIT,
) -> dict[str, int]:
    """Extract every article of `inputs` with Spark and write partitioned Parquet to `out`.
    Returns the counts written to `out/_eventwire.json`."""
    from pyspark.sql import functions as F

    from eventwire.storage.duckdb import RECORD_TABLES

    cfg = cfg or load_config()
    out = Path(out)
    (out / MANIFEST).unlink(missing_ok=True)  # the output is complete only once it is back
    units, errors = plan_units(inputs, lines_per_unit)
    columns = table_columns()
    spark = spark_session(workers, master, quiet)
    try:
        sc = spark.sparkContext
        staging = out / STAGING
        counts: dict[str, int] = {}
        articles_written = 0
        if units:
            slices = min(len(units), max(4 * sc.defaultParallelism, len(units) // 64))
            unit_df = spark.createDataFrame(
                sc.parallelize([astuple(u) for u in units], slices), UNIT_SCHEMA
            )
            body = functools.partial(
                extract_partition, cfg=cfg, published=published, columns=columns
            )
            long_rows = unit_df.mapInPandas(body, LONG_SCHEMA)  # type: ignore[arg-type]
            long_rows.write.mode("overwrite").partitionBy("tbl").parquet(str(staging))
            staged = spark.read.parquet(str(staging))
            counts = {r["tbl"]: r["count"] for r in staged.groupBy("tbl").count().collect()}
            first = (
                staged.where(F.col("tbl") == "articles")
                .groupBy("article_key")
                .agg(F.min("seq").alias("seq"))
                .cache()  # one row per article, joined to every table
            )
            unique = first.count()
            options = {
                "mode": "FAILFAST",
                "timestampFormat": TIMESTAMP_FORMAT,
                "timestampNTZFormat": TIMESTAMP_FORMAT,
            }
            for table in RECORD_TABLES:
                rows = staged.where(F.col("tbl") == table).join(
                    first, ["article_key", "seq"], "left_semi"
                )
                typed = rows.select(
                    F.from_json("row", spark_schema(columns[table]), options).alias("r"),
                    F.to_date("published").alias("_published"),
                )
                if table == "articles":
                    typed = typed.select("r.*")
                else:
                    typed = typed.select("r.*", F.col("_published").alias("published"))
                typed.write.mode("overwrite").partitionBy("published").parquet(str(out / table))
            articles_written = unique and spark.read.parquet(str(out / "articles")).count()
            if articles_written != unique:  # never load an incomplete output
                raise RuntimeError(
                    f"Spark wrote {articles_written} articles of {unique}: output incomplete"
                )
            failures = staged.where(F.col("tbl") == FAILURES).select(
                F.from_json("row", spark_schema(columns[FAILURES]), options).alias("r")
            )
            failures = failures.select("r.*")
        else:
            failures = spark.createDataFrame([], spark_schema(columns[FAILURES]))
        if errors:
            now = datetime.now(UTC).replace(tzinfo=None)
            planned = spark.createDataFrame(
                [(e.source, e.code, e.message, now) for e in errors],
                spark_schema(columns[FAILURES]),
            )
            failures = failures.unionByName(planned)
        failures.coalesce(1).write.mode("overwrite").parquet(str(out / FAILURES))
    finally:
        spark.stop()
    shutil.rmtree(out / STAGING, ignore_errors=True)
    failed = counts.get(FAILURES, 0) + len(errors)
    manifest = {
        "format": "eventwire-parquet/1",
        "inputs": inputs,
        "seen": counts.get("articles", 0) + failed,
        "articles": articles_written,
        "duplicates": counts.get("articles", 0) - articles_written,
        "failed": failed,
        "tables": [*RECORD_TABLES, FAILURES],
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return {k: v for k, v in manifest.items() if isinstance(v, int)}
