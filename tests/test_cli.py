"""The command line as a user runs it: output, exit codes, one stderr line per bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CONTRACT_CHECKER, ROOT, eventwire_cmd
from eventwire.schema import ArticleRecord

ARTICLE = (
    "Ghana urges talks on Togo border\n"
    "The Ghanaian government urged Togo to open talks on the border on Tuesday, "
    "officials said.\n"
    "Read next: Nigeria and Benin agree $2bn rail deal\n"
    '"We want calm," Kwame Asante, the Ghanaian foreign minister, told reporters.'
)


def _run(args: list[str], stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*eventwire_cmd(), *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        cwd=ROOT,
    )


def test_cli_extract_text_file_prints_one_valid_document(tmp_path: Path) -> None:
    path = tmp_path / "ghana.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = _run(["extract", str(path), "--published", "2024-04-12"])
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    ArticleRecord.model_validate(doc)  # spans re-checked on the way back in
    assert doc["article"]["published"] == "2024-04-12"
    assert doc["article"]["title"] == "Ghana urges talks on Togo border"
    assert [b["rule"] for b in doc["boilerplate"]] == ["read_next"]
    assert all("$2bn" not in a["text"] for a in doc["amounts"])
    urge = next(v for v in doc["events"] if v["action"]["text"] == "urged")
    assert urge["source"][0]["code"] == "GHAGOV" and urge["target"][0]["code"] == "TGO"
    assert urge["date"]["value"] == "2024-04-09"


def test_cli_stdin_and_jsonl_output_keeps_input_order(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": f"a{i}", "text": f"Chad urged Niger to reopen route {i}."})
        for i in range(3)
    ]
    result = _run(["extract", "-", "--format", "jsonl"], stdin="\n".join(lines))
    assert result.returncode == 0, result.stderr
    ids = [json.loads(line)["article"]["id"] for line in result.stdout.splitlines()]
    assert ids == ["a0", "a1", "a2"]


def test_cli_bad_inputs_reported_and_the_rest_processed(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    missing = tmp_path / "missing.txt"
    result = _run(
        ["extract", str(empty), str(binary), str(missing), str(good), "--format", "jsonl"]
    )
    assert result.returncode == 1
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 3
    for path, line in zip((empty, binary, missing), errors, strict=True):
        assert line.startswith(f"{path}: error EW10"), line
    (doc,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert doc["article"]["id"] == "good"


def test_cli_usage_errors_exit_2() -> None:
    assert _run(["extract", "x.txt", "--format", "xml"]).returncode == 2
    assert _run(["extract", "x.txt", "--published", "yesterday"]).returncode == 2
    result = _run(["extract", "x.txt", "--model", "no_such_pipeline_xx"])
    assert result.returncode == 2
    assert "no_such_pipeline_xx" in result.stderr


@pytest.mark.skipif(not CONTRACT_CHECKER.exists(), reason="../shared/tools not present")
def test_cli_demo_corpus_passes_the_contract_checker(tmp_path: Path) -> None:
    out = tmp_path / "demo.jsonl"
    result = _run(["extract", "examples/demo-corpus", "--format", "jsonl", "-o", str(out)])
    assert result.returncode == 0, result.stderr
    check = subprocess.run(
        [sys.executable, str(CONTRACT_CHECKER), str(out)], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout
    assert "24 documents" in check.stdout
