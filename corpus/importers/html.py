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
tags such pages carry, and needs no compiled dependency. It does not know that a heading
ends where a paragraph starts, though: it nests everything after an unclosed ``<h2>`` (or an
``<h2>`` closed by ``</h3>``, which it ignores) inside the heading, up to the end of the
enclosing element. :func:`split_heading` undoes that before the text is read: a heading
runs to the end of its first line, its first block, or HEADING_MAX_CHARS, and the rest
becomes text of its section. Each such repair, and a heading left with no text, comes back
as a warning for the reindex report.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlparse

from bs4 import BeautifulSoup, NavigableString, PageElement, Tag

from corpus.article import Article, section_kind
from corpus.validate import (
    ArticleError,
    ArticleWarning,
    Rejection,
    article_from_record,
    clean_text,
    library_from_label,
    one_line,
    record_id,
    shown,
    slugify,
)

MAX_PAGE_BYTES = 8_000_000
# Real pages nest a few dozen elements deep. Past this a page is broken or hostile, and
# reading it would cost quadratic time (chrome detection looks inside every box) or
# overflow the stack (BeautifulSoup's smooth() recurses).
MAX_NESTING = 256

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
# A heading holds a line of phrasing content. Past its first line, its first block or this
# many characters (MedQuAD's longest question heading has 191), what html.parser put
# inside it is text that a missing or wrong end tag left there.
HEADING_MAX_CHARS = 200
HEADING_BREAKS = BLOCK_TAGS | HEADING_TAGS | {
    "h1", "br", "hr", "div", "section", "article", "main", "ul", "ol", "dl", "table",
    "figure", "details", "address", "fieldset"}


def read(path: Path) -> Iterator[Article | Rejection | ArticleWarning]:
    """Yield the one article of an HTML page, or a Rejection saying what is wrong; before
    either, a warning for each piece of broken markup that had to be repaired."""
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
    yield from record_items(lambda: record_from_page(text, fallback_id=slugify(path.stem)),
                            source, "")


class MarkupTooDeepError(ValueError):
    """A page or post nests elements more than MAX_NESTING deep."""


def record_items(make_record: Callable[[], tuple[dict, list[str]]], source: str, where: str
                 ) -> Iterator[Article | Rejection | ArticleWarning]:
    """The warnings about one page or post, then its article or its rejection."""
    try:
        record, warnings = make_record()
    except (MarkupTooDeepError, RecursionError):
        yield Rejection(source, where, f"HTML nested more than {MAX_NESTING} elements deep",
                        field="body")
        return
    article_id = record_id(record)
    for message in warnings:
        yield ArticleWarning(source, where, message, article_id)
    try:
        yield article_from_record(record)
    except ArticleError as err:
        yield Rejection(source, where, str(err), article_id=article_id, field=err.field)


def record_from_page(html: str, *, fallback_id: str) -> tuple[dict, list[str]]:
    """A canonical record from a whole article page (head, theme, article), and warnings
    about the markup that had to be repaired."""
    soup = parse(html)
    record: dict = {"id": _meta(soup, "rx:id") or _canonical_slug(soup) or fallback_id}
    warnings: list[str] = []
    title_tag = soup.select_one("h1.entry-title") or soup.find("h1")
    if title_tag is not None:
        # An unclosed <h1> swallows the rest of a broken page: keep its first line.
        repair = split_heading(title_tag)
        if repair:
            warnings.append(repair)
    first = one_line(title_tag.get_text(" ")) if title_tag else ""
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
    fields, content_warnings = content_fields(root)
    record.update(fields)
    record = {key: value for key, value in record.items() if value not in (None, "", [])}
    return record, warnings + content_warnings


def content_fields(root: Tag) -> tuple[dict, list[str]]:
    """Sections, glossary and references from an article body (a page or a WordPress post),
    and warnings about broken markup that was repaired or text that was left out."""
    # Headings first: before lifted tooltips leave strings side by side (which would look
    # like a stray end tag), and before chrome, so a box with a broken heading is still
    # recognised as chrome.
    repairs = [(heading, message) for heading in root.find_all(HEADING_TAGS | {"h1"})
               if (message := split_heading(heading))]
    glossary = _lift_glossary(root)
    for br in root.find_all("br"):
        br.replace_with(NavigableString("\n"))
    _drop_chrome(root)
    warnings = [message for heading, message in repairs if not heading.decomposed]
    root.smooth()  # merge the text around lifted tooltips, so "inflammation." stays one word
    listed = _take_reference_lists(root)
    sections, references = _sections(root, warnings)
    references = list(dict.fromkeys(listed + references))
    for section in sections:
        section["text"] = _repair_leaks(section["text"], glossary)
    fields = {
        "sections": sections,
        "glossary": list(glossary.values()),
        "references": references,
    }
    return fields, warnings


def split_heading(heading: Tag) -> str | None:
    """Move what follows a heading's first line out of it, to just after it, and say so.

    ``<h2>Symptoms\n<p>High fever.</p></h2>`` (html.parser's tree of an unclosed ``<h2>``)
    becomes ``<h2>Symptoms</h2>\n<p>High fever.</p>``, and the warning names the heading.
    A heading that is one line, as good markup is, is left as it is and None returned.
    """
    end = _heading_end(heading)
    if end is None:
        return None
    node, offset, why = end
    if offset:  # the line ends inside this string: split it there
        text = str(node)
        head, rest = NavigableString(text[:offset]), NavigableString(text[offset:])
        node.replace_with(head)
        head.insert_after(rest)
        node = rest
    moved: list[PageElement] = [node, *node.next_siblings]
    parent = node.parent
    while parent is not None and parent is not heading:
        moved.extend(parent.next_siblings)
        parent = parent.parent
    for item in moved:
        item.extract()
    heading.insert_after(*moved)
    moved_text = one_line(" ".join(_text_of(item) for item in moved))
    if not moved_text:
        return None
    kept = shown(one_line(heading.get_text(" ")), 80)
    if why == "length":
        return (f"<{heading.name}> heading cut at {HEADING_MAX_CHARS} characters after "
                f"{kept}; the rest ({shown(moved_text, 40)}) was read as body text")
    return (f"<{heading.name}> {kept} {why}; the text after it ({shown(moved_text, 40)}) "
            f"was read as body text")


def _heading_end(heading: Tag) -> tuple[PageElement, int, str] | None:
    """Where a heading should have ended: (node, offset in it, what went wrong), or None if
    it is one line. Leading whitespace and leading blocks do not end it: nothing has been
    said yet."""
    seen = 0
    for node in heading.descendants:
        if isinstance(node, Tag):
            if seen and node.name in HEADING_BREAKS:
                return node, 0, ("was not closed at the end of its line" if node.name == "br"
                                 else f"was not closed before a <{node.name}>")
            continue
        if type(node) is not NavigableString:  # comments, CDATA: not text
            continue
        if seen and type(node.previous_sibling) is NavigableString:
            # html.parser ends a string at every tag, so two strings side by side were
            # parted by an end tag it ignored: the </h3> of <h2>Treatment</h3>.
            return node, 0, "was closed by a wrong end tag"
        text = str(node)
        start = len(text) - len(text.lstrip()) if not seen else 0
        if start == len(text):
            continue
        newline = text.find("\n", start)
        line_end = newline if newline >= 0 else len(text)
        if seen + line_end - start > HEADING_MAX_CHARS:
            limit = start + HEADING_MAX_CHARS - seen
            space = text.rfind(" ", start, limit + 1)
            return node, space if space > start else limit, "length"
        if newline >= 0:
            return node, newline, "was not closed at the end of its line"
        seen += line_end - start
    return None


def _text_of(node: PageElement) -> str:
    if isinstance(node, Tag):
        return node.get_text(" ")
    return str(node) if type(node) is NavigableString else ""


def fragment_root(html: str) -> Tag:
    return parse(html)


def parse(html: str) -> BeautifulSoup:
    """The tree of a page or fragment; :class:`MarkupTooDeepError` if it nests too deeply."""
    soup = BeautifulSoup(html, "html.parser")
    stack: list[tuple[Tag, int]] = [(soup, 0)]
    while stack:
        tag, depth = stack.pop()
        if depth > MAX_NESTING:
            raise MarkupTooDeepError(f"more than {MAX_NESTING} elements deep")
        stack.extend((child, depth + 1) for child in tag.contents if isinstance(child, Tag))
    return soup


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


def _sections(root: Tag, warnings: list[str]) -> tuple[list[dict], list[str]]:
    """Sections and reference texts in document order; a heading with no text under it (and
    no subsections) is left out, with a warning added to ``warnings``."""
    sections: list[dict] = []
    references: list[str] = []
    heading, level, lines, in_references = "", 0, [], False

    def close(next_depth: int = 0) -> None:
        if lines:
            section = {"heading": heading, "text": "\n".join(lines)}
            if not heading and not sections:
                section["kind"] = "definition"  # the untitled opening paragraph
            sections.append(section)
        elif heading and not in_references and next_depth <= level:
            warnings.append(f"<h{level}> {shown(heading, 80)} has no text under it; "
                            f"the heading was left out")

    for piece, text in _blocks(root):
        if piece.startswith("heading"):
            depth = int(piece.removeprefix("heading"))
            # Questions under an FAQ heading belong to the FAQ, not to sections of their own.
            if level and depth > level and section_kind(heading) == "faq":
                lines.append(text)
                continue
            close(depth)
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
