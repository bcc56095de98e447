"""The local engine and the ingest counting helpers (issue 6)."""

from __future__ import annotations

import gzip
import json
from dataclasses import replace
from pathlib import Path

import pytest

from eventwire import engine
from eventwire.config import load_config
from eventwire.errors import EventwireError
from eventwire.ingest import ArticleInput, count_inputs, iter_inputs

pytestmark = pytest.mark.issue(6)


def _mixed_inputs(tmp_path: Path) -> list[str]:
    folder = tmp_path / "corpus"
    (folder / "deep").mkdir(parents=True)
    (folder / ".hidden").mkdir()
    rows = [json.dumps({"id": f"j{i}", "text": f"Chad urged Niger to talk {i}."}) for i in range(3)]
    (folder / "a.jsonl").write_text(rows[0] + "\n\n" + rows[1] + "\n{broken\n" + rows[2] + "\n")
    with gzip.open(folder / "deep" / "b.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.write("\n".join(rows) + "\n")
    (folder / "deep" / "c.txt").write_text("Peru urged Chile to reopen the border.")
    (folder / "deep" / "empty.txt").write_text("")
    (folder / "deep" / "notes.md").write_text("not read")
    (folder / ".hidden" / "d.txt").write_text("not read either")
    (tmp_path / "nothing").mkdir()
    return [str(folder), str(tmp_path / "missing.txt"), str(tmp_path / "nothing")]


def test_count_inputs_equals_what_ingest_yields(tmp_path: Path) -> None:
    inputs = _mixed_inputs(tmp_path)
    items = list(iter_inputs(inputs, load_config()))
    assert count_inputs(inputs) == len(items) == 11
    assert sum(isinstance(i, EventwireError) for i in items) == 4
    assert count_inputs(["-"]) is None


def test_folder_given_through_a_parent_path_is_read(tmp_path: Path, monkeypatch) -> None:
    _mixed_inputs(tmp_path)
    (tmp_path / "here").mkdir()
    monkeypatch.chdir(tmp_path / "here")
    items = list(iter_inputs(["../corpus"], load_config()))
    assert len(items) == 9 and count_inputs(["../corpus"]) == 9


def test_run_local_on_nothing_loads_no_model(monkeypatch) -> None:
    def boom(*args: object) -> None:
        raise AssertionError("a model was loaded for an empty input")

    monkeypatch.setattr(engine, "get_extractor", boom)
    monkeypatch.setattr(engine, "ProcessPoolExecutor", boom)
    cfg = load_config()
    assert list(engine.run_local([], cfg, workers=1)) == []
    assert list(engine.run_local(iter([]), cfg, workers=2)) == []
    errors = [EventwireError("EW101", "no text", source=f"e{i}") for i in range(3)]
    assert list(engine.run_local(iter(errors), cfg, workers=2)) == errors


@pytest.mark.slow
def test_pool_keeps_order_passes_errors_and_reads_input_lazily() -> None:
    cfg = replace(load_config(), batch_size=2)
    pulled = 0

    def items():
        nonlocal pulled
        for i in range(40):
            pulled += 1
            if i == 5:
                yield EventwireError("EW101", "no text", stage="ingest", source="five")
            else:
                yield ArticleInput(id=f"a{i}", text=f"Chad urged Niger to reopen route {i}.")

    results = engine.run_local(items(), cfg, workers=2)
    first = next(results)
    window = 2 * (1 + engine.IN_FLIGHT_PER_WORKER) + 1
    assert pulled <= window * cfg.batch_size  # not the whole input
    rest = list(results)
    ids = [r.source if isinstance(r, EventwireError) else r.article.id for r in [first, *rest]]
    assert ids == [f"a{i}" if i != 5 else "five" for i in range(40)]
    assert pulled == 40


def test_worker_pool_is_reusable_and_keeps_order() -> None:
    from eventwire.config import load_config
    from eventwire.engine import WorkerPool, run_local
    from eventwire.ingest import ArticleInput

    cfg = load_config()
    first = [
        ArticleInput(id=f"a{i}", text=f"Kenya sent {i + 2} doctors to Uganda.") for i in range(5)
    ]
    second = [ArticleInput(id="b0", text="Police arrested two activists in Lagos.")]
    with WorkerPool(cfg, 2) as pool:
        pool.warm()
        ids = [r.article.id for r in run_local(first, cfg, 2, pool=pool)]
        again = [r.article.id for r in run_local(second, cfg, 2, pool=pool)]
    assert ids == [a.id for a in first]
    assert again == ["b0"]


@pytest.mark.issue(14)
def test_parse_batch_size_changes_memory_not_records() -> None:
    """`[model] parse_batch_size` only sets how many texts spaCy parses together inside a
    chunk (for memory): the records, and their order with errors between them, are the
    same as with the whole chunk parsed at once."""
    from eventwire.core import Extractor

    texts = [
        "Police arrested 12 protesters in Nairobi on Monday.",
        "Russia urged Ukraine to negotiate, a spokesman said.",
        "Kenya sent 40 doctors to Uganda after the floods.",
        "The government of Iraq condemned the attack on the embassy.",
        "Chad urged Niger to reopen the border.",
    ]
    items: list[ArticleInput | EventwireError] = [
        ArticleInput(id=f"a{i}", text=text) for i, text in enumerate(texts)
    ]
    items.insert(2, EventwireError("EW101", "no text", stage="ingest", source="gap"))
    cfg = replace(load_config(), batch_size=32)
    whole = list(Extractor(replace(cfg, parse_batch_size=32)).extract_stream(items))
    small = list(Extractor(replace(cfg, parse_batch_size=2)).extract_stream(items))
    assert [type(r) for r in small] == [type(r) for r in whole]
    assert small == whole
    assert [r.article.id for r in small if not isinstance(r, EventwireError)] == [
        f"a{i}" for i in range(5)
    ]
