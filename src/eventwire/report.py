"""A readable summary of a store, for people: counts, the top events, a few quotes."""

from __future__ import annotations

from pathlib import Path
from textwrap import shorten

from rich.console import Console
from rich.table import Table

from eventwire.storage.duckdb import Store

QUAD_NAMES = {1: "verbal coop", 2: "material coop", 3: "verbal conflict", 4: "material conflict"}


def print_summary(db: Path, top: int = 12) -> None:
    console = Console()
    with Store(db, read_only=True) as store:
        counts = store.counts()
        console.print(f"[bold]eventwire store[/bold] {db}")
        console.print(
            ", ".join(
                f"{n} {table}"
                for table, n in counts.items()
                if table not in ("mentions", "tone", "article_copies")
            )
        )
        console.print(
            f"near-copies linked to an article instead of parsed again: {counts['article_copies']}"
        )
        rows = store.query("SELECT modality, count(*) FROM events GROUP BY 1 ORDER BY 2 DESC")
        console.print("events by modality: " + ", ".join(f"{m} {n}" for m, n in rows))
        rows = store.query("SELECT quad_class, count(*) FROM events GROUP BY 1 ORDER BY 1")
        console.print(
            "events by quad class: " + ", ".join(f"{QUAD_NAMES.get(q, q)} {n}" for q, n in rows)
        )

        console.print(
            f"\n[bold]Top {top} events[/bold] (most confident first): "
            "source -action [CAMEO PLOVER, modality]-> target"
        )
        rows = store.query(
            "SELECT a.id, e.date, e.source_codes, e.source_text, e.action, e.target_codes, "
            "e.target_text, e.cameo, e.plover_type, e.modality FROM events e "
            "JOIN articles a USING (article_key) ORDER BY e.confidence DESC, a.id, e.sentence "
            "LIMIT ?",
            [top],
        )
        for art, day, s_codes, s_text, action, t_codes, t_text, cameo, plover, modality in rows:
            source = f"{'/'.join(s_codes) or '?'} ({s_text[:40]})"
            target = f"{'/'.join(t_codes) or '?'} ({t_text[:40]})" if t_text else "-"
            console.print(
                f"  {art} {day or '':10} {source} -{action} [{cameo} {plover or '-'}, "
                f"{modality}]-> {target}",
                highlight=False,
                soft_wrap=True,
            )
        quotes = Table(title="A few quotes", show_lines=False)
        for col in ("speaker", "kind", "quote"):
            quotes.add_column(col, overflow="fold")
        rows = store.query(
            "SELECT speaker_name, kind, text FROM quotes WHERE speaker_name IS NOT NULL "
            "AND kind = 'direct' ORDER BY length(text) DESC LIMIT ?",
            [min(top, 6)],
        )
        for speaker, kind, text in rows:
            quotes.add_row(speaker, kind, shorten(" ".join(text.split()), 160, placeholder=" …"))
        console.print(quotes)
        failures = store.query("SELECT source, code, message FROM failures LIMIT 5")
        for source, code, message in failures:
            console.print(f"[yellow]failed[/yellow] {source}: {code} {message}")
    console.print(
        f"\nThe store is the DuckDB file [bold]{db}[/bold]. Query it from Python, for example:\n"
        f"  .venv/bin/python -c \"import duckdb; duckdb.connect('{db}', read_only=True)"
        ".sql('SELECT cameo, modality, source_codes, target_codes FROM events').show()\"\n"
        "Tables: articles, sentences, boilerplate, entities, mentions, events, quotes, dates, "
        "amounts, tone, themes, flags, failures, article_copies (near-copies and the article "
        "each copies), clusters. Each article's full eventwire/1 document is "
        "in articles.record.\n"
        f"To look at it in a browser: .venv/bin/eventwire serve --db {db}",
        highlight=False,
        soft_wrap=True,
    )
