"""Text analysis for the index and for queries. Knows nothing of corpus, index or web."""

from analyzers.interim import ANALYSIS_VERSION, text_analyzer

__all__ = ["ANALYSIS_VERSION", "text_analyzer"]
