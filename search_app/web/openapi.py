"""The OpenAPI 3.1 description of the JSON API, served at ``/api/openapi.json``.

Kept beside the routes and checked by the tests against the app's URL map, so the
description cannot drift from what is served.
"""

from __future__ import annotations

from corpus.article import LANGUAGES, LIBRARIES
from indexer.schema import LETTERS
from search_app import engine
from search_app import suggest as suggestions
from search_app.messages import NOTES
from search_app.web import params


def _param(name: str, description: str, schema: dict, *, where: str = "query",
           required: bool = False) -> dict:
    return {"name": name, "in": where, "required": required, "description": description,
            "schema": schema}


def _error(description: str) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


# What any operation may answer besides its own results: the app's refusals, all JSON.
_REFUSALS = {
    "405": {**_error("Method not allowed (the Allow header lists the methods)"),
            "headers": {"Allow": {"schema": {"type": "string"}}}},
    "413": _error("Request body too large (nothing here takes a body)"),
    "414": {"description": "Request line longer than the server reads (8,190 bytes; the "
                           "parameters' own limits keep any valid request below it)",
            "content": {"text/html": {"schema": {"type": "string"}}}},
}
_HL = {"name": "hl", "in": "query", "required": False,
       "description": "Interface language of labels and notes: en or bn (otherwise the "
                      "reader's browser decides)", "schema": {"type": "string"}}
_ID = _param("id", "The article's id (its slug)", {"type": "string",
                                                   "maxLength": params.MAX_ID_CHARS},
             where="path", required=True)


def _json(ref: str, description: str) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}}


def openapi_document() -> dict:
    facet = {"type": "object", "properties": {"value": {"type": "string"},
                                              "count": {"type": "integer"},
                                              "label": {"type": "string"}}}
    hit = {"type": "object", "properties": {
        "id": {"type": "string"}, "title": {"type": "string"}, "title_bn": {"type": "string"},
        "library": {"type": "string", "enum": list(LIBRARIES)},
        "lang": {"type": "string", "enum": list(LANGUAGES)},
        "score": {"type": "number"},
        "snippet": {"type": "string", "description": "HTML-safe: escaped, <mark> around "
                                                     "matched words"},
        "matched_in": {"type": ["string", "null"],
                       "description": "Where the snippet comes from: a section kind "
                                      "(symptoms, side-effects, other, ...), bangla-note or "
                                      "glossary; null: the summary"},
        "matched_heading": {"type": ["string", "null"],
                            "description": "The article's own heading, for kind other"},
        "matched_label": {"type": ["string", "null"],
                          "description": "matched_in in the interface language (hl)"},
        "matched_lang": {"type": ["string", "null"], "enum": ["en", "bn", None]},
        "url": {"type": ["string", "null"],
                "description": "The article's page on the site; null: link to preview"},
        "preview": {"type": "string", "description": "The article's preview page here"}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "RX Library search API", "version": "1",
                 "description": "Search, suggestions, related articles and article text of "
                                "the patient-education library. Educational, not "
                                "diagnostic: show the notice when one is returned."},
        "paths": {
            "/api/search": {"get": {
                "summary": "Ranked search with facets, corrections and danger-sign notice",
                "parameters": [
                    _param("q", "The reader's query: words, \"phrases\", -exclusions, "
                                "library:drug", {"type": "string",
                                                 "maxLength": engine.MAX_QUERY_CHARS}),
                    _param("library", "Only this library", {"type": "string",
                                                            "enum": list(LIBRARIES)}),
                    _param("lang", "en: only articles written in English; bn: only "
                                   "articles with Bangla to read (written in Bangla, or with "
                                   "a Bangla title or a Bangla note), as the languages facet "
                                   "counts them", {"type": "string", "enum": list(LANGUAGES)}),
                    _param("letter", "Only titles under this A–Z letter",
                           {"type": "string", "enum": list(LETTERS)}),
                    _param("page", "Page number", {"type": "integer", "minimum": 1,
                                                   "maximum": params.MAX_PAGE}),
                    _param("page_size", "Hits per page",
                           {"type": "integer", "minimum": 1,
                            "maximum": engine.MAX_PAGE_SIZE}),
                    _param("exact", "1: search the words as typed (no corrections, no "
                                    "reading of Latin letters as Bangla)",
                           {"type": "integer", "enum": [0, 1]}),
                    _HL,
                ],
                "responses": {"200": _json("SearchResult", "Results"),
                              "400": _error("A parameter out of range or too long"), **_REFUSALS}}},
            "/api/suggest": {"get": {
                "summary": "Title suggestions for a prefix (English or Bangla), typo-tolerant",
                "parameters": [_param("q", "What the reader has typed so far",
                                      {"type": "string", "maxLength": params.MAX_PREFIX_CHARS},
                                      required=True),
                               _param("format", "opensearch: the browsers' search-bar form "
                                                "[prefix, [titles]]",
                                      {"type": "string", "enum": ["opensearch"]}),
                               _HL],
                "responses": {"200": {"description": "Suggestions (with format=opensearch: "
                                                     "[prefix, [titles]])",
                                      "content": {"application/json": {"schema": {"oneOf": [
                                          {"$ref": "#/components/schemas/Suggestions"},
                                          {"type": "array", "minItems": 2,
                                           "maxItems": 2}]}}}},
                              "400": _error("q is missing or too long"), **_REFUSALS}}},
            "/api/related/{id}": {"get": {
                "summary": "The most related articles in each library, above a threshold",
                "parameters": [_ID],
                "responses": {"200": _json("Related", "Related articles"),
                              "404": _error("No such article"), **_REFUSALS}}},
            "/api/articles/{id}": {"get": {
                "summary": "One article: summary, sections, Bangla note, glossary",
                "parameters": [_ID, _HL],
                "responses": {"200": _json("Article", "The article"),
                              "404": _error("No such article"), **_REFUSALS}}},
            "/api/openapi.json": {"get": {
                "summary": "This description",
                "responses": {"200": {"description": "OpenAPI document"}, **_REFUSALS}}},
        },
        "components": {"schemas": {
            "Error": {"type": "object", "properties": {"error": {
                "type": "object", "properties": {"code": {"type": "integer"},
                                                 "message": {"type": "string"}}}}},
            "SearchResult": {"type": "object", "properties": {
                "query": {"type": "string"}, "total": {"type": "integer"},
                "page": {"type": "integer"}, "pages": {"type": "integer"},
                "page_size": {"type": "integer"},
                "library": {"type": ["string", "null"]}, "lang": {"type": ["string", "null"]},
                "letter": {"type": ["string", "null"]},
                "showing_for": {"type": ["string", "null"],
                                "description": "Corrected query whose results are shown"},
                "did_you_mean": {"type": ["string", "null"]},
                "matched_all_words": {"type": "boolean"},
                "section": {"type": ["string", "null"],
                            "description": "Index field of the section the query named"},
                "notes": {"type": "array", "items": {"type": "object", "properties": {
                    "id": {"type": "string", "enum": sorted(NOTES)},
                    "value": {"type": "string"},
                    "text": {"type": "string",
                             "description": "The note in the interface language (hl)"}}}},
                "interpreted_as": {"type": "array", "items": {
                    "type": "object", "description": "What was searched, where the query "
                                                     "was read as more than typed",
                    "properties": {
                        "typed": {"type": "string"},
                        "bangla": {"type": ["string", "null"],
                                   "description": "Bangla read from Latin letters"},
                        "english": {"type": "array", "items": {"type": "string"}},
                        "how": {"type": "string",
                                "enum": ["lexicon", "loanword", "romanised", "brand"]},
                        "manufacturer": {"type": ["string", "null"]},
                        "text": {"type": "string",
                                 "description": "The line the page shows, in the interface "
                                                "language (hl)"}}}},
                "notice": {"type": ["object", "null"],
                           "description": "Urgent-care message when the query names a danger "
                                          "sign"},
                "hits": {"type": "array", "items": hit},
                "libraries": {"type": "array", "items": facet},
                "languages": {"type": "array", "items": facet,
                              "description": "en: articles written in English; bn (labelled "
                                             "Has Bangla): articles written in Bangla or with "
                                             "a Bangla title or note. An English article with "
                                             "Bangla counts under both"},
                "letters": {"type": "array", "items": facet}}},
            "Suggestions": {"type": "object", "properties": {
                "query": {"type": "string"},
                "suggestions": {"type": "array", "description": "Best first: titles whose "
                                "first word the prefix starts, other title matches, other "
                                "names, then typos", "items": {"type": "object", "properties": {
                    "id": {"type": "string"}, "title": {"type": "string"},
                    "title_bn": {"type": "string"},
                    "library": {"type": "string", "enum": list(LIBRARIES)},
                    "library_label": {"type": "string",
                                      "description": "library in the interface language (hl)"},
                    "url": {"type": ["string", "null"],
                            "description": "The article's page on the site; null when it has "
                                           "none (link to preview instead)"},
                    "preview": {"type": "string", "description": "The article's page here"},
                    "match": {"type": "string", "enum": list(suggestions.MATCHES),
                              "description": "What the prefix starts: the title, the Bangla "
                                             "title, an other name, or typo (one slip in "
                                             "the last word)"},
                    "matched_name": {"type": ["string", "null"],
                                     "description": "The other name matched, to show after "
                                                    "the title (\"Zinc Sulfate — zinc for "
                                                    "diarrhoea\"); null when a title "
                                                    "matched"}}}}}},
            "Related": {"type": "object", "properties": {
                "id": {"type": "string"}, "title": {"type": "string"},
                "related": {"type": "object", "additionalProperties": {
                    "type": "array", "items": {"type": "object", "properties": {
                        "id": {"type": "string"}, "title": {"type": "string"},
                        "library": {"type": "string"}, "url": {"type": ["string", "null"]},
                        "preview": {"type": "string"},
                        "strength": {"type": "number"}, "reason": {"type": "string"}}}}}}},
            "Article": {"type": "object", "properties": {
                "id": {"type": "string"}, "title": {"type": "string"},
                "title_bn": {"type": "string"}, "library": {"type": "string"},
                "lang": {"type": "string"}, "summary": {"type": "string"},
                "also_known_as": {"type": "array", "items": {"type": "string"}},
                "sections": {"type": "array", "items": {"type": "object", "properties": {
                    "heading": {"type": "string"}, "kind": {"type": "string"},
                    "label": {"type": "string"}, "text": {"type": "string"}}}},
                "bangla_note": {"type": "string"},
                "glossary": {"type": "array", "items": {"type": "object", "properties": {
                    "term": {"type": "string"}, "en": {"type": "string"},
                    "bn": {"type": "string"}}}},
                "references": {"type": "array", "items": {"type": "string"}},
                "url": {"type": ["string", "null"]}, "updated": {"type": ["string", "null"]}}},
        }},
    }
