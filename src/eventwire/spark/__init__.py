"""The Spark engine: the same extraction as `eventwire.engine.run_local`, run as a PySpark
job that writes partitioned Parquet (`job.run_job`), which `Store.import_parquet` loads into
a DuckDB store. Needs the optional extra: `pip install 'eventwire[spark]'`."""

from __future__ import annotations

__all__ = ["run_job"]


def __getattr__(name: str) -> object:
    if name == "run_job":
        from eventwire.spark.job import run_job

        return run_job
    raise AttributeError(name)
