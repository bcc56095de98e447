"""Stages and their contracts.

A stage is a module with a `STAGE` object: a name, the Doc attributes it requires, the ones
it assigns, and a `run(doc, ctx)` that finds its records and writes them onto the Doc.
`check_pipeline` refuses an order in which a stage would read an attribute nothing set.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc

from eventwire.config import ExtractConfig
from eventwire.knowledge import Knowledge


@dataclass(frozen=True, slots=True)
class StageContext:
    cfg: ExtractConfig
    kb: Knowledge


@dataclass(frozen=True, slots=True)
class Stage:
    name: str
    run: Callable[[Doc, StageContext], None]
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()


# Set by core before any stage runs.
GIVEN = ("ew_article",)


def check_pipeline(stages: Sequence[Stage]) -> None:
    """Raise if a stage requires an attribute that no earlier stage assigns."""
    available = set(GIVEN)
    for stage in stages:
        missing = [attr for attr in stage.requires if attr not in available]
        if missing:
            raise ValueError(
                f"stage {stage.name!r} requires {missing}, which nothing before it sets"
            )
        available.update(stage.assigns)


def default_pipeline() -> list[Stage]:
    from eventwire.stages import (
        amounts,
        dates,
        entities,
        events,
        flags,
        places,
        quotes,
        sentences,
        themes,
        tone,
    )
    from eventwire.stages.events import learned

    stages = [
        sentences.STAGE,
        entities.STAGE,
        dates.STAGE,
        events.STAGE,
        learned.STAGE,
        places.STAGE,
        flags.STAGE,
        quotes.STAGE,
        amounts.STAGE,
        tone.STAGE,
        themes.STAGE,
    ]
    check_pipeline(stages)
    return stages
