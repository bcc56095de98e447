"""eventwire: sourced political event data from English news.

>>> from eventwire import extract
>>> record = extract(text, published="2023-03-03")
>>> record.to_json_dict()["events"]
"""

from __future__ import annotations

import logging

__version__ = "0.1.0"
__all__ = ["ArticleRecord", "ExtractConfig", "__version__", "extract", "load_config"]

logging.getLogger(__name__).addHandler(logging.NullHandler())


def __getattr__(name: str) -> object:
    # Lazy so that `import eventwire` stays cheap (spaCy loads only when extracting).
    if name == "extract":
        from eventwire.core import extract

        return extract
    if name == "ArticleRecord":
        from eventwire.schema import ArticleRecord

        return ArticleRecord
    if name in ("ExtractConfig", "load_config"):
        from eventwire import config

        return getattr(config, name)
    raise AttributeError(name)
