"""The library's articles: the typed model, validation, importers and the sample library.

Knows nothing of the index or the web app.
"""

from corpus.article import LIBRARIES, LIBRARY_LABELS, Article, GlossaryTerm, Section
from corpus.sources import SAMPLE_DIR, ImportReport, read_sources
from corpus.validate import ArticleError, Rejection

__all__ = [
    "LIBRARIES", "LIBRARY_LABELS", "SAMPLE_DIR", "Article", "ArticleError", "GlossaryTerm",
    "ImportReport", "Rejection", "Section", "read_sources",
]
