"""The page chrome in English and Bangla: labels, buttons, hints. Articles keep their own text.

The interface language comes from ``?hl=bn`` / ``?hl=en`` (remembered in a preference
cookie that holds only the language code), else from the browser's Accept-Language, else
English. Templates call ``t("key")``; a missing Bangla string falls back to English, a
missing key is a programming error and raises.
"""

from __future__ import annotations

import re

from flask import g, request, url_for

from search_app import messages
from search_app.query import Note
from search_app.results import Hit, Reading

UI_LANGUAGES = ("en", "bn")
EMERGENCY_NUMBER = "999"  # Bangladesh's national emergency service (as danger_signs.toml says)
COOKIE = "hl"

STRINGS: dict[str, dict[str, str]] = {
    "site": {"en": "RX Library", "bn": "আরএক্স লাইব্রেরি"},
    "search_label": {"en": "Search the library", "bn": "লাইব্রেরিতে খুঁজুন"},
    "search_button": {"en": "Search", "bn": "খুঁজুন"},
    "search_placeholder": {"en": "Search diseases, drugs, lab tests, cancer",
                           "bn": "রোগ, ওষুধ, পরীক্ষা বা ক্যান্সার খুঁজুন"},
    "home_title": {"en": "Search the medical library", "bn": "চিকিৎসা লাইব্রেরিতে খুঁজুন"},
    "home_lead": {"en": "Plain-language articles on diseases, medicines, lab tests and cancer, "
                        "in English with Bangla notes.",
                  "bn": "রোগ, ওষুধ, ল্যাব পরীক্ষা ও ক্যান্সার নিয়ে সহজ ভাষার লেখা, ইংরেজিতে, "
                        "বাংলা টীকাসহ।"},
    "home_example": {"en": "e.g. fever, diabetes, জ্বর, blood sugar test",
                     "bn": "যেমন: জ্বর, ডায়াবেটিস, fever, রক্তের সুগার পরীক্ষা"},
    "articles": {"en": "articles", "bn": "টি লেখা"},
    **{f"library_{code}": labels for code, labels in messages.LIBRARIES.items()},
    "libraries": {"en": "Libraries", "bn": "লাইব্রেরি"},
    "language": {"en": "Language", "bn": "ভাষা"},
    "letter": {"en": "Letter", "bn": "অক্ষর"},
    "all": {"en": "All", "bn": "সব"},
    "any": {"en": "Any", "bn": "যেকোনো"},
    "filters": {"en": "Filter results", "bn": "ফলাফল বাছাই"},
    "results_for": {"en": "for", "bn": "ফলাফল:"},
    "result_count_one": {"en": "1 article", "bn": "১টি লেখা"},
    "result_count": {"en": "{n} articles", "bn": "{n}টি লেখা"},
    "in_library": {"en": "in", "bn": "লাইব্রেরি:"},
    "some_words": {"en": "(no article has all your words; these have some)",
                   "bn": "(সব শব্দ একসাথে কোনো লেখায় নেই; এগুলোতে কিছু শব্দ আছে)"},
    "all_words_first": {"en": "{n} with all your words come first; the others have some.",
                        "bn": "সব শব্দসহ {n}টি লেখা আগে; বাকিগুলোতে কিছু শব্দ আছে।"},
    "showing_for": {"en": "Showing results for", "bn": "এই শব্দের ফলাফল দেখানো হচ্ছে:"},
    "search_instead": {"en": "Search instead for", "bn": "এর বদলে খুঁজুন:"},
    "did_you_mean": {"en": "Did you mean", "bn": "আপনি কি এটি খুঁজছেন:"},
    "search_as_typed": {"en": "Search only for", "bn": "শুধু যেভাবে লেখা সেভাবে খুঁজুন:"},
    "searched_for": {"en": "Searched for", "bn": "খোঁজা হয়েছে"},
    "you_typed": {"en": "you typed", "bn": "আপনি লিখেছেন"},
    "search_as_typed_short": {"en": "Search as typed", "bn": "যেভাবে লেখা সেভাবে খুঁজুন"},
    "no_results": {"en": "No articles found for", "bn": "কোনো লেখা পাওয়া যায়নি:"},
    "tips_title": {"en": "Tips", "bn": "পরামর্শ"},
    "tip_spelling": {"en": "Check the spelling, or type the first letters and pick a suggestion.",
                     "bn": "বানান দেখুন, অথবা প্রথম কয়েকটি অক্ষর লিখে পরামর্শ থেকে বেছে নিন।"},
    "tip_fewer": {"en": "Use fewer words: the name of the disease, medicine or test.",
                  "bn": "কম শব্দ লিখুন: রোগ, ওষুধ বা পরীক্ষার নাম।"},
    "tip_other_name": {"en": "Try another name, e.g. “high blood pressure” for “hypertension”.",
                       "bn": "অন্য নাম দিয়ে চেষ্টা করুন, যেমন “উচ্চ রক্তচাপ” বা “প্রেসার”।"},
    "browse_instead": {"en": "Or browse a library A–Z:", "bn": "অথবা লাইব্রেরি A–Z দেখুন:"},
    "type_to_search": {"en": "Type a word to search.", "bn": "খুঁজতে একটি শব্দ লিখুন।"},
    "in_section": {"en": "in", "bn": "অংশ:"},
    "previous": {"en": "Previous", "bn": "আগের"},
    "next": {"en": "Next", "bn": "পরের"},
    "page_of": {"en": "Page {page} of {pages}", "bn": "পৃষ্ঠা {page} / {pages}"},
    "pages": {"en": "Pages", "bn": "পৃষ্ঠা"},
    "browse_az": {"en": "Browse A–Z", "bn": "A–Z তালিকা"},
    "no_titles": {"en": "No articles under this letter yet.",
                  "bn": "এই অক্ষরে এখনো কোনো লেখা নেই।"},
    "choose_letter": {"en": "Choose a letter", "bn": "একটি অক্ষর বেছে নিন"},
    "summary": {"en": "Summary", "bn": "সারাংশ"},
    "bangla_note": {"en": "Bangla note", "bn": "বাংলা টীকা"},
    "glossary": {"en": "Glossary", "bn": "শব্দকোষ"},
    "also_known_as": {"en": "Also known as", "bn": "অন্য নাম"},
    "continue_exploring": {"en": "Continue exploring", "bn": "আরও দেখুন"},
    "no_related": {"en": "No strong indexed relationship is available yet.",
                   "bn": "এখনো কোনো জোরালো সম্পর্কিত লেখা পাওয়া যায়নি।"},
    "read_on_site": {"en": "Read the full article on the library site",
                     "bn": "লাইব্রেরির সাইটে পুরো লেখা পড়ুন"},
    "search_topic": {"en": "Search this topic", "bn": "এই বিষয়ে খুঁজুন"},
    "references": {"en": "References", "bn": "তথ্যসূত্র"},
    "updated": {"en": "Updated", "bn": "হালনাগাদ"},
    "disclaimer": {"en": "This library educates; it does not diagnose. For chest pain, "
                         "breathing difficulty, stroke signs, heavy bleeding or unconsciousness, "
                         "seek urgent medical care now.",
                   "bn": "এই তথ্য শিক্ষার জন্য, রোগ নির্ণয়ের জন্য নয়। বুকে ব্যথা, শ্বাসকষ্ট, "
                         "স্ট্রোকের লক্ষণ, বেশি রক্তপাত বা অজ্ঞান হলে এখনই হাসপাতালে যান।"},
    "emergency": {"en": "Emergency", "bn": "জরুরি"},
    # The compact urgent-care line on top of result and article pages: the words around the
    # emergency number (a tel: link), then a link to the full message at the page's end.
    "urgent_before": {"en": "Emergency? Call", "bn": "জরুরি হলে এখনই"},
    "urgent_after": {"en": "or go to a hospital now.", "bn": "নম্বরে ফোন করুন বা হাসপাতালে যান।"},
    "urgent_more": {"en": "What to do", "bn": "কী করবেন"},
    "active_filters": {"en": "Filters in use", "bn": "যে বাছাই চালু আছে"},
    "remove_filter": {"en": "Remove filter", "bn": "বাছাই সরান"},
    "clear_filters": {"en": "Clear all filters", "bn": "সব বাছাই সরান"},
    "letter_filter": {"en": "Letter {letter}", "bn": "অক্ষর {letter}"},
    "switch_language": {"en": "বাংলা", "bn": "English"},
    "not_found": {"en": "This page does not exist.", "bn": "এই পৃষ্ঠাটি নেই।"},
    "article_not_found": {"en": "There is no article with this address.",
                          "bn": "এই ঠিকানায় কোনো লেখা নেই।"},
    "server_error": {"en": "Something went wrong on our side. Please try again.",
                     "bn": "আমাদের দিকে একটি সমস্যা হয়েছে। আবার চেষ্টা করুন।"},
    "back_to_search": {"en": "Back to search", "bn": "খোঁজায় ফিরে যান"},
    "suggestions": {"en": "Suggestions", "bn": "পরামর্শ"},
    # The search box on the library's site (embed.js): results shown under the box link on.
    "embed_all_results": {"en": "All results on the search site",
                          "bn": "সার্চ সাইটে সব ফলাফল দেখুন"},
    "embed_failed": {"en": "Results could not be loaded here.",
                     "bn": "ফলাফল এখানে আনা যায়নি।"},
}


def ui_lang() -> str:
    """The interface language of this request (computed once per request)."""
    found = getattr(g, "ui_lang", None)
    if found is None:
        asked = request.args.get("hl") or request.cookies.get(COOKIE)
        if asked not in UI_LANGUAGES:
            asked = request.accept_languages.best_match(UI_LANGUAGES) or "en"
        found = g.ui_lang = asked
    return found


def t(key: str, **values: object) -> str:
    """The string ``key`` in the interface language, with ``{name}`` values filled in."""
    strings = STRINGS[key]
    text = strings.get(ui_lang()) or strings["en"]
    return text.format(**{k: number(v) for k, v in values.items()}) if values else text


def section_label(kind: str) -> str:
    """A section kind's label in the interface language: ``symptoms`` -> "লক্ষণ"."""
    return messages.section_label(kind, ui_lang())


def matched_label(hit: Hit) -> str | None:
    """Where a hit matched ("Symptoms", "লক্ষণ", or the article's own heading)."""
    return messages.matched_label(hit, ui_lang())


def note_text(note: Note) -> str:
    """An engine note in the interface language."""
    return messages.note_text(note, ui_lang())


def reading_text(reading: Reading) -> str:
    """What was searched for some words, in the interface language."""
    return messages.reading_text(reading, ui_lang())


def language_label(code: str) -> str:
    """A value of the language facet in the interface language: ``bn`` -> "Has Bangla"."""
    return messages.language_label(code, ui_lang())


def number(value: object) -> str:
    """Digits as the interface language writes them: 12 or ১২."""
    return messages.digits(str(value), ui_lang())


def has_bangla(text: str) -> bool:
    """Whether ``text`` holds Bangla script: ``has_bangla("fever, জ্বর")`` is True."""
    return _BENGALI_BLOCK.search(text) is not None


_BENGALI_BLOCK = re.compile("[\u0980-\u09ff]")


def bangla(key: str) -> str:
    """The Bangla string, whatever the interface language (the footer shows both)."""
    return STRINGS[key].get("bn") or STRINGS[key]["en"]


# The parameters a page may carry over to its other-language twin; anything else in the
# URL (tracking tags, an attacker's ``ref=``) is left behind.
PAGE_ARGS = ("q", "library", "lang", "letter", "page", "page_size", "exact")


def switch_url() -> str:
    """This page in the other interface language (built from the route, never from the raw
    path, so a crafted ``//other.host`` path cannot turn it into a link off the site). A
    view whose page is cached sets ``g.page_args`` to its canonical parameters."""
    kept = g.get("page_args")
    if kept is None:
        kept = {name: value for name, value in request.args.items() if name in PAGE_ARGS}
    args = {**kept, "hl": "en" if ui_lang() == "bn" else "bn"}
    if request.endpoint and request.url_rule is not None:
        return url_for(request.endpoint, **(request.view_args or {}), **args)
    return url_for("search.home", hl=args["hl"])


def remember_choice(response):
    """Keep an explicit ``?hl=`` choice for later pages (a language code, nothing else)."""
    asked = request.args.get("hl")
    # API clients say hl= each time, and the site's box script has no language of its own
    # (it speaks both): nothing to keep, and a cookie would make them uncacheable.
    if request.path.startswith("/api/") or request.blueprint == "embed":
        return response
    if asked in UI_LANGUAGES and request.cookies.get(COOKIE) != asked:
        response.set_cookie(COOKIE, asked, max_age=365 * 24 * 3600, samesite="Lax",
                            secure=request.is_secure, httponly=True)
    return response
