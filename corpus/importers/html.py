"""The library's HTML article pages.

A page wraps the article (definition, types, causes, symptoms, tests, treatment, medicines,
FAQ, references) in site chrome that repeats on every page: patient tool boxes, "seek urgent
care" boxes, roadmaps, checklists, related-article lists, A–Z links. Indexing that chrome
would make every page match "breathing difficulty" or "doctor", so it is dropped here.

Glossary tooltips (``data-rx-term`` / ``data-rx-definition``) become glossary entries; the
term's visible word stays in the sentence. Where a broken tooltip leaked its markup into the
text (``…হতে পারে।" data-rx-term="x" data-rx-definition="…">word``), the leak is cut out and
the entry kept.

BeautifulSoup with Python's own ``html.parser`` is forgiving of the unclosed and mis-nested
tags such pages carry, and needs no compiled dependency.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

from bs4 import BeautifulSoup, NavigableString, Tag

from corpus.article import Article, section_kind
from corpus.validate import (
    ArticleError,
    Rejection,
    article_from_record,
    clean_text,
    library_from_label,
    one_line,
    slugify,
)

MAX_PAGE_BYTES = 8_000_000

# Chrome is recognised by class (the theme's boxes) and, for boxes the theme did not tag,
# by their heading. Both lists are about the site's template, not about any one article.
CHROME_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form",
               "button", "iframe", "svg", "template", "select", "input", "textarea")
CHROME_CLASS = re.compile(
    r"rx-(patient-tools|tools|urgent|warning|emergency|roadmap|pathway|checklist|related|"
    r"az|a-z|doctor-visit|medicine-safety|health-record|patient-help|takeaways|trust|"
    r"reading-view|share|disclaimer|article-summary|library-links|care-roadmap)|"
    r"sharedaddy|jp-relatedposts|related-posts|breadcrumb|site-header|site-footer|widget")
CHROME_HEADING = re.compile(
    r"^(patient tools|rx patient tools|read, save, and share|seek urgent medical care|"
    r"emergency now|before reading|key takeaways|choose your reading view|"
    r"rx clinical pathway|continue through|continue exploring|related articles|"
    r"doctor visit helper|prepare before seeing a doctor|medicine safety and first-aid|"
    r"patient health record|care roadmap|safe pathway|rx patient help|"
    r"ask a health question|explore this library|a\s*[–-]\s*z)", re.IGNORECASE)
BOILERPLATE_PARAGRAPH = re.compile(
    r"^(disclaimer:|this guide is for general information|for severe symptoms, danger signs)",
    re.IGNORECASE)
REFERENCES_HEADING = re.compile(r"^(references?|sources?|bibliography|further reading)\b",
                                re.IGNORECASE)
# The theme prints this when no Bangla note was written ("not added yet"); it is not a note.
BANGLA_PLACEHOLDER = re.compile(r"এখনো যোগ করা হয়নি|যোগ করুন")
BANGLA_GLOSS_MARK = re.compile(r"\s*সহজ বাংলা\s*[:：]\s*")
LEAKED_TOOLTIP = re.compile(
    r'"\s*data-rx-term="(?P<term>[^"]*)"\s*data-rx-definition="(?P<definition>[^"]*)"\s*>')

BLOCK_TAGS = {"p", "li", "dt", "dd", "summary", "blockquote", "pre", "td", "th",
              "figcaption", "caption"}
HEADING_TAGS = {"h2", "h3", "h4", "h5", "h6"}


def read(path: Path) -> Iterator[Article | Rejection]:
    """Yield the one article of an HTML page, or a Rejection saying what is wrong."""
    source = str(path)
    raw = path.read_bytes()
    if len(raw) > MAX_PAGE_BYTES:
        yield Rejection(source, "", f"huge document: {len(raw):,} bytes, more than "
                        f"{MAX_PAGE_BYTES:,}", field="body")
        return
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        yield Rejection(source, "", f"invalid UTF-8 at byte {err.start + 1}")
        return
    record = record_from_page(text, fallback_id=slugify(path.stem))
    try:
        yield article_from_record(record)
    except ArticleError as err:
        yield Rejection(source, "", str(err), article_id=record.get("id"), field=err.field)


def record_from_page(html: str, *, fallback_id: str) -> dict:
    """A canonical record from a whole article page (head, theme, article)."""
    soup = BeautifulSoup(html, "html.parser")
    record: dict = {"id": _meta(soup, "rx:id") or _canonical_slug(soup) or fallback_id}
    title_tag = soup.select_one("h1.entry-title") or soup.find("h1")
    # The first string only: an unclosed <h1> swallows the rest of a broken page.
    first = next(title_tag.stripped_strings, "") if title_tag else ""
    if first:
        record["title"] = one_line(first)
    elif soup.title:
        record["title"] = one_line(soup.title.get_text(" ").split(" | ")[0].split(" – ")[0])
    record["library"] = _library(soup)
    record["url"] = _canonical_url(soup)
    record["updated"] = (_meta(soup, "article:modified_time")
                         or _meta(soup, "article:published_time") or _time(soup))
    record["summary"] = _meta(soup, "description")
    record["title_bn"] = _meta(soup, "rx:title-bn")
    lang = _meta(soup, "rx:lang")
    if lang:
        record["lang"] = lang
    aka = _meta(soup, "rx:also-known-as")
    if aka:
        record["also_known_as"] = [a.strip() for a in aka.split(";") if a.strip()]
    root = (soup.select_one("[itemprop=articleBody]") or soup.select_one(".entry-content")
            or soup.find("article") or soup.find("main") or soup.body or soup)
    # The Bangla note sits in the Patient Mode box, which is chrome: read it first.
    record["bangla_note"] = take_bangla_note(soup)
    record.update(content_fields(root))
    return {key: value for key, value in record.items() if value not in (None, "", [])}


def content_fields(root: Tag) -> dict:
    """Sections, glossary and references from an article body (a page or a WordPress post)."""
    glossary = _lift_glossary(root)
    _drop_chrome(root)
    for br in root.find_all("br"):
        br.replace_with(NavigableString("\n"))
    root.smooth()  # merge the text around lifted tooltips, so "inflammation." stays one word
    listed = _take_reference_lists(root)
    sections, references = _sections(root)
    references = list(dict.fromkeys(listed + references))
    for section in sections:
        section["text"] = _repair_leaks(section["text"], glossary)
    return {
        "sections": sections,
        "glossary": list(glossary.values()),
        "references": references,
    }


def fragment_root(html: str) -> Tag:
    return BeautifulSoup(html, "html.parser")


def split_definition(definition: str) -> tuple[str, str]:
    """Split a tooltip definition into its English part and its "সহজ বাংলা:" gloss."""
    parts = BANGLA_GLOSS_MARK.split(definition, maxsplit=1)
    english = one_line(parts[0])
    bangla = one_line(parts[1]) if len(parts) > 1 else ""
    return english, bangla


def _meta(soup: BeautifulSoup, name: str) -> str | None:
    tag = soup.find("meta", attrs={"name": name}) or soup.find("meta", attrs={"property": name})
    content = tag.get("content") if tag else None
    return content.strip() if isinstance(content, str) and content.strip() else None


def _canonical_url(soup: BeautifulSoup) -> str | None:
    link = soup.find("link", rel="canonical") or soup.find("meta", attrs={"property": "og:url"})
    href = (link.get("href") or link.get("content")) if link else None
    return href.strip() if isinstance(href, str) and href.startswith("http") else None


def _canonical_slug(soup: BeautifulSoup) -> str | None:
    url = _canonical_url(soup)
    if not url:
        return None
    segments = [s for s in urlparse(url).path.split("/") if s]
    return slugify(segments[-1]) if segments else None


def _time(soup: BeautifulSoup) -> str | None:
    tag = soup.select_one("time.updated[datetime]") or soup.select_one("time[datetime]")
    return tag["datetime"] if tag else None


def _library(soup: BeautifulSoup) -> str | None:
    """From an explicit meta tag, else WordPress category classes, tags or breadcrumbs."""
    explicit = _meta(soup, "rx:library")
    if explicit:
        return explicit  # validated, with a clear message if unknown
    for tag in soup.select("article[class], body[class]"):
        for cls in tag.get("class", []):
            if cls.startswith("category-"):
                library = library_from_label(cls.removeprefix("category-"))
                if library:
                    return library
    for link in soup.select('a[rel~="category"], .breadcrumb a, .breadcrumbs a'):
        library = library_from_label(link.get_text(" "))
        if library:
            return library
    return None


def take_bangla_note(soup: Tag) -> str | None:
    """Remove the Patient Mode Bangla note from the tree and return its text, if written."""
    note = soup.select_one("[data-rx-bangla-note], .rx-bangla-note")
    if not note:
        return None
    text = clean_text(note.get_text("\n"))
    note.decompose()
    return None if not text or BANGLA_PLACEHOLDER.search(text) else text


def _lift_glossary(root: Tag) -> dict[str, dict]:
    """Replace each tooltip element by its visible word; collect term -> entry."""
    glossary: dict[str, dict] = {}
    for tag in root.select("[data-rx-term]"):
        term = one_line(tag.get("data-rx-term", ""))
        definition = tag.get("data-rx-definition", "")
        if term:
            _add_term(glossary, term, definition)
        tag.replace_with(NavigableString(tag.get_text()))
    return glossary


def _add_term(glossary: dict[str, dict], term: str, definition: str) -> None:
    english, bangla = split_definition(definition)
    if (english or bangla) and term.casefold() not in glossary:
        glossary[term.casefold()] = {"term": term, "en": english, "bn": bangla}


def _repair_leaks(text: str, glossary: dict[str, dict]) -> str:
    """Cut leaked tooltip markup out of body text, keeping the glossary entry it carried.

    The leak is the tail of the definition, then the attributes, then ``>``; the tail is
    found as the longest common suffix of the preceding text and the definition.
    """
    while match := LEAKED_TOOLTIP.search(text):
        term, definition = match["term"], match["definition"]
        _add_term(glossary, one_line(term), definition)
        before, after = text[: match.start()], text[match.end():]
        common = 0
        while (common < len(before) and common < len(definition)
               and before[-1 - common] == definition[-1 - common]):
            common += 1
        if common >= 8:
            before = before[: len(before) - common]
        joiner = "" if not before or before.endswith((" ", "\n")) else " "
        text = before + joiner + after
    return clean_text(text)


def _is_chrome(tag: Tag) -> bool:
    if tag.name in CHROME_TAGS:
        return True
    classes = " ".join(tag.get("class", []) or [])
    if classes and CHROME_CLASS.search(classes):
        return True
    if tag.name in ("div", "section"):
        heading = tag.find(["h2", "h3", "h4", "h5", "strong"], recursive=True)
        first_text = next((s for s in tag.stripped_strings), "")
        # A box that opens on a chrome heading is chrome; a wrapper holding several
        # sections of the article is not, whatever its first words.
        if (heading and heading.get_text(strip=True) == first_text
                and len(tag.find_all("h2")) <= 1):
            return bool(CHROME_HEADING.match(first_text))
    return False


def _drop_chrome(root: Tag) -> None:
    for tag in list(root.find_all(True)):
        if tag.decomposed:
            continue
        if _is_chrome(tag):
            tag.decompose()


def _blocks(node: Tag) -> Iterator[tuple[str, str]]:
    """("heading", text) and ("text", text) pieces in document order."""
    for child in node.children:
        if isinstance(child, NavigableString):
            text = str(child).strip()
            if text and child.__class__ is NavigableString:
                yield "text", text
            continue
        if not isinstance(child, Tag):
            continue
        if child.name in HEADING_TAGS:
            yield f"heading{child.name[1]}", one_line(child.get_text(" "))
        elif child.name in BLOCK_TAGS and not child.find(HEADING_TAGS | BLOCK_TAGS):
            yield "text", one_line(child.get_text())
        elif child.name == "h1":
            continue
        else:
            yield from _blocks(child)


def _take_reference_lists(root: Tag) -> list[str]:
    """Reference lists (under a References heading, or marked by class) as "text url"."""
    lists = list(root.select("ol.rx-references, ul.rx-references"))
    for heading in root.find_all(HEADING_TAGS):
        if REFERENCES_HEADING.match(heading.get_text(" ", strip=True)):
            following = heading.find_next_sibling(["ol", "ul"])
            if following is not None and following not in lists:
                lists.append(following)
    references = []
    for tag in lists:
        for item in tag.find_all("li"):
            link = item.find("a", href=True)
            text = one_line(item.get_text(" "))
            href = link["href"].strip() if link else ""
            references.append(f"{text} {href}".strip() if href and href != text else text)
        tag.decompose()
    return [r for r in references if r]


def _sections(root: Tag) -> tuple[list[dict], list[str]]:
    sections: list[dict] = []
    references: list[str] = []
    heading, level, lines, in_references = "", 0, [], False

    def close() -> None:
        if lines:
            section = {"heading": heading, "text": "\n".join(lines)}
            if not heading and not sections:
                section["kind"] = "definition"  # the untitled opening paragraph
            sections.append(section)

    for piece, text in _blocks(root):
        if piece.startswith("heading"):
            depth = int(piece.removeprefix("heading"))
            # Questions under an FAQ heading belong to the FAQ, not to sections of their own.
            if level and depth > level and section_kind(heading) == "faq":
                lines.append(text)
                continue
            close()
            heading, level, lines = text.rstrip(":：").strip(), depth, []
            in_references = bool(REFERENCES_HEADING.match(heading))
            continue
        if not text or BOILERPLATE_PARAGRAPH.match(text):
            continue
        if in_references:
            references.append(text)
        else:
            lines.append(text)
    close()
    return sections, references
