"""Build the Bangla web fonts the site serves: Noto Sans Bengali, subset to Bangla, as WOFF2.

Reads Debian's `fonts-noto-core` (``apt-get install fonts-noto-core``) and writes
``search_app/web/static/fonts/rx-bangla-400.woff2`` and ``rx-bangla-700.woff2``, then puts their
digests in the ``@font-face`` URLs of ``site.css`` (``?v=``, as ``static_url`` does). A build-time
tool only: it needs fontTools (the ``dev`` extras) and brotli (which Flask-Compress brings);
the app itself never imports them. The output is byte-for-byte the same on every run from
the same source fonts, so the files' digest URLs change only when the fonts do.

Kept: the Bengali block U+0980-09FF, the dandas U+0964-0965 (shared with Devanagari), ZWNJ and
ZWJ U+200C-200D (they choose between conjunct and visible hasanta), the dotted circle U+25CC
(shapers draw it under a vowel sign that has no consonant), spaces, and every OpenType layout
feature: conjuncts, reph, below and post forms and mark positioning are all GSUB/GPOS lookups,
so dropping any of them breaks words such as জ্বর or অংশ. Latin letters, digits and
punctuation are left out: the stylesheet's ``unicode-range`` gives them to the English font.

Run: .venv/bin/python scripts/make_fonts.py [--source /usr/share/fonts/truetype/noto]
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont
from fontTools.varLib import instancer

ROOT = Path(__file__).resolve().parents[1]
STATIC = ROOT / "search_app" / "web" / "static"
OUT = STATIC / "fonts"
SOURCE = Path("/usr/share/fonts/truetype/noto")
WEIGHTS = {400: "Regular", 700: "Bold"}
UNICODES = [
    *range(0x0980, 0x0A00),  # Bengali
    0x0964, 0x0965,          # danda, double danda
    0x200C, 0x200D,          # ZWNJ, ZWJ
    0x25CC,                  # dotted circle
    0x0020, 0x00A0,          # space, no-break space
]


def source_font(source: Path, weight: int) -> TTFont:
    """The static font of this weight, or the variable font pinned at it (newer packages)."""
    static = source / f"NotoSansBengali-{WEIGHTS[weight]}.ttf"
    if static.exists():
        return TTFont(static, recalcTimestamp=False)
    variable = next(iter(sorted(source.glob("NotoSansBengali[[]*wght*.ttf"))), None)
    if variable is None:
        raise SystemExit(f"no Noto Sans Bengali in {source}: apt-get install fonts-noto-core")
    font = TTFont(variable, recalcTimestamp=False)
    pins = {"wght": weight, **({"wdth": 100} if "wdth" in variable.name else {})}
    return instancer.instantiateVariableFont(font, pins)


def web_font(font: TTFont) -> TTFont:
    """``font`` cut down to Bangla, every layout feature kept, ready to save as WOFF2."""
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]          # keep the copyright and the licence (name IDs 0, 13, 14)
    options.notdef_outline = True     # a missing glyph shows as a box, not as nothing
    # ttfautohint's instructions are a third of the file (62 KB hinted, 40 KB not) and matter
    # mostly on Windows; Android and iOS, our readers' phones, ignore them.
    options.hinting = False
    options.desubroutinize = True     # no effect on these TrueType outlines; kept for CFF ones
    options.flavor = "woff2"
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=UNICODES)
    subsetter.subset(font)
    font.flavor = "woff2"
    return font


def version_css(css: Path, fonts: list[Path]) -> None:
    """Point ``css``'s font URLs at these files' contents: ``fonts/x.woff2?v=<digest>``.

    The digest is ``static_url``'s (the first 10 hex digits of the SHA-256), so the page's
    preload link and the stylesheet ask for the very same URL and the font comes down once.
    """
    text = css.read_text(encoding="utf-8")
    for font in fonts:
        digest = hashlib.sha256(font.read_bytes()).hexdigest()[:10]
        pattern = re.compile(rf"(fonts/{re.escape(font.name)})\?v=[0-9a-f]+")
        text, found = pattern.subn(rf"\g<1>?v={digest}", text)
        if not found:
            raise SystemExit(f"{css} has no url(\"fonts/{font.name}?v=...\")")
    css.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SOURCE,
                        help="folder with NotoSansBengali-*.ttf (default: %(default)s)")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    written = []
    for weight in WEIGHTS:
        target = OUT / f"rx-bangla-{weight}.woff2"
        web_font(source_font(args.source, weight)).save(target)
        written.append(target)
        print(f"{target.relative_to(ROOT)}: {target.stat().st_size:,} bytes", file=sys.stderr)
    version_css(STATIC / "site.css", written)
    return 0


if __name__ == "__main__":
    sys.exit(main())
