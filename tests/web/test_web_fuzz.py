"""The API fuzzed from its own OpenAPI document with schemathesis: every operation, with
valid (positive) and invalid (negative) inputs generated from the document. No answer may be
a 5xx, invalid input must be refused with a 4xx, and status codes, content types and bodies
must match what the document says. Writes are on (a copy of the store) so POST /articles is
covered too. Kept small (a dozen examples per operation and mode) to run in seconds; what
was sent and answered is written to build/screenshots/fuzz-report.json.

Schemathesis's own pytest plugin is not used: its lazy-schema loader does not work with
pytest 9, so each operation's Hypothesis strategy is driven directly."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from conftest import ROOT

from .conftest import copy_store

pytestmark = pytest.mark.issue(7)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
REPORT = ROOT / "build" / "screenshots" / "fuzz-report.json"
_seen: dict[str, dict[str, Any]] = {}


@pytest.fixture(scope="module")
def fuzz_app(web_db: Path, extractor: object) -> Iterator[Any]:
    from eventwire.web.app import create_app

    app = create_app(
        copy_store(web_db, "fuzz.duckdb"), allow_writes=True, allowed_hosts=("testserver",)
    )
    yield app
    app.state.extraction.stop()
    app.state.store.close()
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps(_seen, indent=2, sort_keys=True) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def api_schema(fuzz_app: Any) -> Any:
    return schemathesis.openapi.from_asgi("/openapi.json", fuzz_app)


# Every operation of the OpenAPI document (a test below checks this list is complete).
OPERATIONS = [
    ("GET", "/health"),
    ("POST", "/extract"),
    ("POST", "/articles"),
    ("GET", "/articles"),
    ("GET", "/articles/{ref}"),
    ("GET", "/events"),
    ("GET", "/quotes"),
    ("GET", "/clusters"),
    ("GET", "/stats"),
]
EXAMPLES = {GenerationMode.POSITIVE: 12, GenerationMode.NEGATIVE: 8}


def test_web_fuzz_covers_every_operation(api_schema: Any) -> None:
    documented = {(r.ok().method.upper(), r.ok().path) for r in api_schema.get_all_operations()}
    assert documented == set(OPERATIONS)


RUNS = [
    pytest.param(method, path, mode, id=f"{method} {path} {mode.value}")
    for method, path in OPERATIONS
    for mode in EXAMPLES
    if not (path == "/health" and mode is GenerationMode.NEGATIVE)  # nothing to get wrong
]


@pytest.mark.parametrize(("method", "path", "mode"), RUNS)
def test_web_fuzz_api_from_its_openapi_document(
    api_schema: Any, method: str, path: str, mode: GenerationMode
) -> None:
    operation = api_schema[path][method]
    record = _seen.setdefault(f"{method} {path} ({mode.value})", {"cases": 0, "statuses": {}})

    @given(case=operation.as_strategy(mode))
    @settings(
        max_examples=EXAMPLES[mode],
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        response = case.call()
        record["cases"] += 1
        status = str(response.status_code)
        record["statuses"][status] = record["statuses"].get(status, 0) + 1
        case.validate_response(response, checks=CHECKS)

    run()
