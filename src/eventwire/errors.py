"""Numbered errors. Each code is documented in ARCHITECTURE.md (a test checks they agree).

A problem with one input is an `EventwireError` naming the input; the CLI prints its one line
and goes on with the rest of the batch.
"""

from __future__ import annotations

ERROR_CODES: dict[str, str] = {
    "EW100": "input not found",
    "EW101": "input is empty",
    "EW102": "input looks binary, not text",
    "EW103": "input too large",
    "EW104": "text is not English",
    "EW105": "no article text found in HTML",
    "EW106": "invalid JSONL line",
    "EW107": "unsupported input type",
    "EW108": "invalid field in a JSONL article",
    "EW109": "input cannot be read",
    "EW201": "knowledge file missing or invalid",
    "EW202": "spaCy model not installed",
    "EW301": "extraction failed on an article",
    "EW401": "store error",
    "EW402": "output cannot be written",
    "EW403": "store check failed",
}


class EventwireError(Exception):
    """An error with a catalogue code, the stage it came from and the input it concerns."""

    def __init__(self, code: str, message: str, *, stage: str = "", source: str = "") -> None:
        if code not in ERROR_CODES:
            raise ValueError(f"unknown error code {code}")
        self.code = code
        self.stage = stage
        self.source = source
        self.message = message
        super().__init__(self.line())

    def __reduce__(self) -> tuple[type, tuple[str, str], dict[str, str]]:
        # picklable across worker processes
        return (
            self.__class__,
            (self.code, self.message),
            {"stage": self.stage, "source": self.source},
        )

    def line(self) -> str:
        """The one stderr line: input, code, reason."""
        where = f"{self.source}: " if self.source else ""
        return f"{where}error {self.code} ({ERROR_CODES[self.code]}): {self.message}"
