"""`extract`: one article in, one `ArticleRecord` (the eventwire/1 document) out.

The recipe, for a batch of articles:
1. parse every text with the spaCy pipeline in batches (`nlp.pipe`), one Doc per article;
2. put the article's metadata on the Doc (`doc._.ew_article`);
3. run the stages of `stages/registry.py` in order, each writing its records onto the Doc;
4. assemble the record from the Doc; the record's validator checks every span.
The CLI, the store, the web app and the Spark engine all call this and nothing else.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Iterable, Iterator
from itertools import islice

from spacy.tokens import Doc

import eventwire.extensions  # noqa: F401  (registers the Doc extensions)
from eventwire import __version__
from eventwire.config import ExtractConfig, load_config
from eventwire.errors import EventwireError
from eventwire.extensions import doc_text
from eventwire.ingest import ArticleInput, headline_of, normalise_published
from eventwire.knowledge import get_knowledge
from eventwire.parse import load_nlp
from eventwire.schema import ArticleMeta, ArticleRecord
from eventwire.stages.registry import StageContext, default_pipeline
from eventwire.stages.themes import with_contexts

log = logging.getLogger(__name__)


class Extractor:
    """A loaded model, knowledge base and stage list; reuse one for many articles."""

    def __init__(self, cfg: ExtractConfig | None = None) -> None:
        self.cfg = cfg or load_config()
        self.kb = get_knowledge()
        self.nlp = load_nlp(self.cfg.model)
        self.stages = default_pipeline()
        self.ctx = StageContext(cfg=self.cfg, kb=self.kb)
        self.provenance = {
            "eventwire": __version__,
            "model": f"{self.nlp.meta.get('name', '?')}-{self.nlp.meta.get('version', '?')}",
            "stages": [stage.name for stage in self.stages],
            **self.kb.provenance(),
        }

    def record_from_doc(self, doc: Doc, article: ArticleInput) -> ArticleRecord:
        """Run every stage on a parsed article and build its record."""
        self.attach_article(doc, article)
        for stage in self.stages:
            stage.run(doc, self.ctx)
        return self.record_of(doc)

    def attach_article(self, doc: Doc, article: ArticleInput) -> None:
        """Put the article's metadata on its Doc (what the stages read first)."""
        doc._.ew_article = ArticleMeta(
            id=article.id,
            title=article.title,
            url=article.url,
            source=article.source,
            published=article.published,
            text=doc_text(doc),
            n_words=sum(1 for t in doc if not (t.is_punct or t.is_space)),
            content_hash=article.content_hash,
            input_format=article.input_format,
            encoding=article.encoding,
        )

    def record_of(self, doc: Doc) -> ArticleRecord:
        """The validated record of a Doc every stage has run on."""
        return ArticleRecord(
            article=doc._.ew_article,
            sentences=doc._.ew_sentences,
            boilerplate=doc._.ew_boilerplate,
            entities=doc._.ew_entities,
            events=with_contexts(doc._.ew_events, doc._.ew_themes),
            quotes=doc._.ew_quotes,
            dates=doc._.ew_dates,
            amounts=doc._.ew_amounts,
            tone=doc._.ew_tone,
            themes=doc._.ew_themes,
            flags=doc._.ew_flags or [],
            provenance=self.provenance,
        )

    def extract_stream(
        self, items: Iterable[ArticleInput | EventwireError]
    ) -> Iterator[ArticleRecord | EventwireError]:
        """Records (or errors) in input order; errors in the input pass straight through.
        One failing article yields an EW301 error and the rest go on."""
        iterator = iter(items)
        while True:
            chunk = list(islice(iterator, self.cfg.batch_size))
            if not chunk:
                return
            articles = [item for item in chunk if isinstance(item, ArticleInput)]
            # parsed `parse_batch_size` texts at a time, each record built before the next
            # ones are parsed: the parse's arrays grow with its batch (settings.toml)
            texts = (a.text for a in articles)
            docs = iter(self.nlp.pipe(texts, batch_size=self.cfg.parse_batch_size))
            for item in chunk:
                if isinstance(item, EventwireError):
                    yield item
                    continue
                yield self._record_or_error(next(docs), item)
            del docs  # the chunk's Docs go before a full collection
            freeze_long_lived()

    def _record_or_error(self, doc: Doc, item: ArticleInput) -> ArticleRecord | EventwireError:
        try:
            return self.record_from_doc(doc, item)
        except EventwireError as err:
            err.source = err.source or item.origin or item.id
            return err
        except Exception as exc:  # one bad article must not stop a batch
            log.exception("extraction failed on %s", item.id)
            return EventwireError(
                "EW301",
                f"{type(exc).__name__}: {exc}",
                stage="extract",
                source=item.origin or item.id,
            )


_FROZEN: list[bool] = [False]


def freeze_long_lived() -> None:
    """Once per process, after its first chunk of articles (the knowledge base's lazy parts
    loaded by then): collect, then move every object left (the model, the knowledge base) to
    the collector's permanent generation (`gc.freeze`). The full collections a run's garbage
    triggers then no longer walk them again and again (~7% of the CPU of a run, issue 14);
    only cyclic garbage is collected, as before, so no record changes."""
    if _FROZEN[0]:
        return
    _FROZEN[0] = True
    gc.collect()
    gc.freeze()


_DEFAULT: dict[ExtractConfig, Extractor] = {}


def get_extractor(cfg: ExtractConfig | None = None) -> Extractor:
    cfg = cfg or load_config()
    if cfg not in _DEFAULT:
        _DEFAULT[cfg] = Extractor(cfg)
    return _DEFAULT[cfg]


def extract(
    text: str,
    *,
    published: str | None = None,
    title: str | None = None,
    article_id: str = "article",
    url: str | None = None,
    source: str | None = None,
    cfg: ExtractConfig | None = None,
) -> ArticleRecord:
    """Extract one article's events, entities, quotes, dates, amounts and tone.

    >>> record = extract("Russia urged Ukraine to negotiate.", published="2023-03-03")
    >>> record.events[0].cameo_root
    '02'
    """
    article = ArticleInput(
        id=article_id,
        text=text,
        title=title or headline_of(text),
        url=url,
        source=source,
        published=normalise_published(published, article_id),
        input_format="api",
    )
    (result,) = get_extractor(cfg).extract_stream([article])
    if isinstance(result, EventwireError):
        raise result
    return result
