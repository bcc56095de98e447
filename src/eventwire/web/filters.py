"""The query parameters shared by the API and the pages: one pydantic model per listing.

The API takes them strictly (FastAPI validates and a bad value is a 422 naming it). The pages
read the same names from their filter form, where an empty field means "no filter"
(`from_form`). The SQL that applies them is in `eventwire.web.store`.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from eventwire.schema import PLOVER_TYPES

PloverType = StrEnum("PloverType", {t: t for t in PLOVER_TYPES})  # type: ignore[misc]


class Modality(StrEnum):
    asserted = "asserted"
    negated = "negated"
    hypothetical = "hypothetical"
    future = "future"
    question = "question"


class QuoteKind(StrEnum):
    direct = "direct"
    indirect = "indirect"
    partial = "partial"


ACTOR_PATTERN = r"^[A-Za-z0-9]{3,40}$"


def _upper(value: str | None) -> str | None:
    return value.upper() if value else value


class Filters(BaseModel):
    """Base: paging and the form reader."""

    model_config = ConfigDict(extra="ignore")

    limit: int = Field(50, ge=1, le=500, description="Rows per page (1-500).")
    offset: int = Field(0, ge=0, le=1_000_000, description="Rows to skip.")

    @classmethod
    def from_form(cls, params: dict[str, str]) -> tuple[Self, str | None]:
        """From a page's query string: empty fields dropped; on a bad value, the filters
        without it and a sentence saying what was wrong."""
        given = {k: v.strip() for k, v in params.items() if v.strip()}
        try:
            return cls.model_validate(given), None
        except ValidationError as exc:
            bad = {str(e["loc"][0]) for e in exc.errors() if e["loc"]}
            first = exc.errors()[0]
            message = f"{'.'.join(map(str, first['loc'])) or 'filter'}: {first['msg']}"
            kept = {k: v for k, v in given.items() if k not in bad}
            try:
                return cls.model_validate(kept), message
            except ValidationError:
                return cls(), message

    def query_params(self, **changes: Any) -> dict[str, str]:
        """The filters as query parameters (unset ones left out), with changes applied."""
        values = {**self.model_dump(exclude_defaults=True, mode="json"), **changes}
        return {k: str(v) for k, v in values.items() if v not in (None, "")}

    def active(self) -> dict[str, str]:
        """The filters that narrow the result (not paging)."""
        return {k: v for k, v in self.query_params().items() if k not in ("limit", "offset")}


class EventFilters(Filters):
    """Filters on events."""

    start: date | None = Field(
        None, description="From this day (the event's own date, else the article's date)."
    )
    end: date | None = Field(None, description="Up to and including this day.")
    actor: str | None = Field(
        None,
        pattern=ACTOR_PATTERN,
        description="CAMEO actor code or its start, as source or target (USA matches USAGOV).",
    )
    source: str | None = Field(None, pattern=ACTOR_PATTERN, description="Source actor code prefix.")
    target: str | None = Field(None, pattern=ACTOR_PATTERN, description="Target actor code prefix.")
    country: str | None = Field(
        None,
        pattern=r"^[A-Za-z]{3}$",
        description="ISO3 country: events placed there or with an actor of that country.",
    )
    cameo_root: str | None = Field(
        None, pattern=r"^\d{2}$", description="CAMEO cue category, 01-20."
    )
    cameo: str | None = Field(None, pattern=r"^\d{2,4}$", description="CAMEO code or its start.")
    quad_class: int | None = Field(None, ge=1, le=4, description="1-4 (GDELT quad class).")
    plover_type: PloverType | None = Field(None, description="PLOVER event type.")
    modality: Modality | None = Field(None, description="asserted, negated, hypothetical, …")
    q: str | None = Field(
        None, max_length=200, description="Text in the sentence, the actors or the action."
    )
    article: str | None = Field(
        None, max_length=200, description="Only this article (its id or article_key)."
    )

    _upper_codes = field_validator("actor", "source", "target", "country")(_upper)


class QuoteFilters(Filters):
    """Filters on quotes."""

    start: date | None = Field(None, description="Articles published from this day.")
    end: date | None = Field(None, description="Articles published up to this day.")
    actor: str | None = Field(
        None, pattern=ACTOR_PATTERN, description="Speaker's actor code or its start."
    )
    country: str | None = Field(None, pattern=r"^[A-Za-z]{3}$", description="Speaker's country.")
    speaker: str | None = Field(None, max_length=200, description="Text in the speaker's name.")
    kind: QuoteKind | None = Field(None, description="direct, indirect or partial.")
    q: str | None = Field(None, max_length=200, description="Text in the quote or speaker name.")
    article: str | None = Field(
        None, max_length=200, description="Only this article (its id or article_key)."
    )

    _upper_codes = field_validator("actor", "country")(_upper)


class ArticleFilters(Filters):
    """Filters on articles."""

    start: date | None = Field(None, description="Published from this day.")
    end: date | None = Field(None, description="Published up to this day.")
    source: str | None = Field(None, max_length=200, description="Text in the source name.")
    q: str | None = Field(None, max_length=200, description="Text in the title or the article.")


class ClusterFilters(Filters):
    """Filters on event clusters."""

    start: date | None = Field(None, description="Clusters that end on or after this day.")
    end: date | None = Field(None, description="Clusters that start on or before this day.")
    actor: str | None = Field(
        None, pattern=ACTOR_PATTERN, description="Source or target actor code prefix."
    )
    country: str | None = Field(None, pattern=r"^[A-Za-z]{3}$", description="Location country.")
    cameo_root: str | None = Field(None, pattern=r"^\d{2}$")
    quad_class: int | None = Field(None, ge=1, le=4)
    plover_type: PloverType | None = None
    modality: Modality | None = None

    _upper_codes = field_validator("actor", "country")(_upper)
