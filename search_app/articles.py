"""One indexed article as readers see it (the article preview and ``/api/articles/<id>``).

Everything comes from the stored fields of the live index, so the preview shows exactly the
version search found.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from whoosh.searching import Searcher

from corpus.article import GlossaryTerm


@dataclass(frozen=True, slots=True)
class SectionView:
    heading: str
    kind: str         # "symptoms", "treatment", ... (corpus.article.SECTION_KINDS)
    text: str


@dataclass(frozen=True, slots=True)
class ArticleView:
    id: str
    title: str
    library: str
    lang: str
    summary: str
    title_bn: str = ""
    also_known_as: list[str] = field(default_factory=list)
    sections: list[SectionView] = field(default_factory=list)
    bangla_note: str = ""
    glossary: list[GlossaryTerm] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    url: str | None = None
    updated: str | None = None   # ISO date

    def to_dict(self) -> dict:
        return asdict(self)


def article(searcher: Searcher, article_id: str) -> ArticleView | None:
    """The article with this id, or None when the live index has no such article."""
    docnum = searcher.document_number(id=article_id)
    if docnum is None:
        return None
    stored = searcher.stored_fields(docnum)
    updated = stored.get("updated")
    return ArticleView(
        id=stored["id"], title=stored["title"], library=stored["library"],
        lang=stored["lang"], summary=stored.get("summary", ""),
        title_bn=stored.get("title_bn", ""),
        also_known_as=list(stored.get("also_known_as") or []),
        sections=[SectionView(s.get("heading", ""), s.get("kind", "other"), s.get("text", ""))
                  for s in stored.get("sections") or []],
        bangla_note=stored.get("bangla_note", ""),
        glossary=[GlossaryTerm(g.get("term", ""), g.get("en", ""), g.get("bn", ""))
                  for g in stored.get("glossary_entries") or []],
        references=list(stored.get("references") or []),
        url=stored.get("url") or None,
        updated=updated.date().isoformat() if updated else None,
    )
