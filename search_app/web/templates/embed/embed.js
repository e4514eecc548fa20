// The library's search box on other sites' pages (the WordPress theme), served as /embed.js.
// A theme writes the search host once, in the script's src, and puts a plain form in each
// box, which is what readers without JavaScript use:
//
//   <script src="https://SEARCH-HOST/embed.js" defer></script>
//   <div data-rxsearch data-results="inline">
//     <form action="https://SEARCH-HOST/search" method="get" role="search">
//       <input type="search" name="q" aria-label="Search the library"> <button>Search</button>
//     </form>
//   </div>
//
// Options, as data- attributes of the element: data-library (disease, drug, lab-test,
// cancer), data-lang (en or bn; else the page's own lang), data-results ("host": search on
// the search host in the same tab, the default; "inline": a short list of results under
// the box), data-query (the text the box starts with: "Search this topic" on an article
// page) and data-placeholder.
//
// The box lives in a shadow root with its own constructed stylesheet: the theme's CSS does
// not reach it and its CSS does not reach the theme. Its suggestions are the app's own ARIA
// 1.2 combobox (static/combobox.js, included below): ArrowDown/ArrowUp move, Enter opens
// the highlighted article (or searches), Escape closes the list, a second clears the box. Nothing is ever parsed as HTML: titles are text, and a snippet's <mark>s are rebuilt
// by hand, so the script runs under a strict CSP, Trusted Types included.
(function () {
  "use strict";

  var STRINGS = {{ strings | tojson }};
  var LIBRARIES = {{ libraries | tojson }};
  var MAX_CHARS = 500;   // the app's longest query
  var INLINE_HITS = 5;
  var script = document.currentScript;
  var BASE = script && script.src ? new URL(".", script.src).href : null;
  var sheet = null;      // one constructed stylesheet, shared by every box on the page
  var boxes = 0;

  var CSS = [
    ":host { display: block; font-family: inherit; font-size: inherit; color: inherit;",
    "  line-height: 1.5; letter-spacing: normal; word-spacing: normal; text-transform: none;",
    "  text-align: start; white-space: normal; --accent: var(--rxsearch-accent, #0b6e63);",
    "  --muted: #5b6876; --line: #d9dee4; }",
    "*, *::before, *::after { box-sizing: border-box; }",
    "[hidden] { display: none !important; }",
    ":lang(bn) { line-height: 1.7; }",
    ".box { display: flex; gap: .4rem; margin: 0; }",
    ".combo { position: relative; flex: 1; display: flex; min-width: 0; }",
    ".visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden;",
    "  clip: rect(0 0 0 0); white-space: nowrap; }",
    "input { flex: 1; min-width: 0; margin: 0; padding: .55rem .7rem; font: inherit;",
    "  line-height: 1.4; color: #1d2733; background: #fff; border: 1px solid #aab4be;",
    "  border-radius: .4rem; }",
    "input:focus { outline: 2px solid var(--accent); outline-offset: 1px; }",
    "button { margin: 0; padding: .55rem 1rem; font: inherit; line-height: 1.4; color: #fff;",
    "  background: var(--accent); border: 0; border-radius: .4rem; cursor: pointer; }",
    "button:focus-visible { outline: 2px solid #1d2733; outline-offset: 2px; }",
    "button.link { padding: 0; color: var(--accent); background: none; text-decoration: underline; }",
    "a { color: var(--accent); }",
    ".suggestions { position: absolute; z-index: 1000; top: 100%; left: 0; right: 0;",
    "  margin: .2rem 0 0; padding: .2rem 0; list-style: none; color: #1d2733; background: #fff;",
    "  border: 1px solid var(--line); border-radius: .4rem;",
    "  box-shadow: 0 .3rem 1rem rgba(0,0,0,.12); max-height: 60vh; overflow-y: auto; }",
    "[role=option] { display: flex; flex-wrap: wrap; gap: .1rem .5rem; align-items: baseline;",
    "  padding: .5rem .7rem; cursor: pointer; }",
    "[role=option][aria-selected=true], [role=option]:hover { background: #e6f3f1; }",
    ".s-bn, .title-bn { color: var(--muted); }",
    ".badge { display: inline-block; padding: 0 .45rem; font-size: .75rem; line-height: 1.6;",
    "  border-radius: .3rem; color: #3d4955; background: #e8eef3; vertical-align: middle; }",
    ".badge-disease { background: #e4f2ee; } .badge-drug { background: #ebe8f6; }",
    ".badge-lab-test { background: #fdf1de; } .badge-cancer { background: #f9e5ea; }",
    ".results:not(:empty) { margin-top: .75rem; }",
    ".danger { padding: .75rem 1rem; margin: 0 0 .75rem; border-left: .3rem solid #b3261e;",
    "  background: #fdecea; color: #5c1510; border-radius: .3rem; }",
    ".danger p { margin: .4rem 0 0; }",
    ".summary, .hint { margin: .3rem 0; color: var(--muted); }",
    ".hits { margin: .5rem 0; padding-left: 1.4rem; }",
    ".hit { margin-bottom: .8rem; }",
    ".hit .title { font-weight: 600; margin-right: .3rem; }",
    ".hit .title-bn { margin-right: .3rem; }",
    ".snippet { margin: .2rem 0 0; }",
    "mark { color: inherit; background: #fff1a8; }",
    ".where { color: var(--muted); font-weight: 600; }",
    ".more { margin: .4rem 0 0; font-weight: 600; }"
  ].join("\n");

  function say(lang, key, count) {
    var text = STRINGS[key][lang] || STRINGS[key].en;
    return count === undefined ? text : text.replace("{n}", digits(String(count), lang));
  }

  function digits(text, lang) {
    if (lang !== "bn") { return text; }
    return text.replace(/[0-9]/g, function (d) { return String.fromCharCode(0x09E6 + Number(d)); });
  }

  function make(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    if (text) { node.textContent = text; }   // textContent: never parsed as HTML
    return node;
  }

  function apiUrl(base, path, params) {
    var url = new URL(path, base);
    Object.keys(params).forEach(function (name) {
      if (params[name]) { url.searchParams.set(name, params[name]); }
    });
    return url.href;
  }

  function getJson(url) {
    // Accept is a CORS-safelisted header: no preflight; no cookies go to the search host.
    return fetch(url, { headers: { Accept: "application/json" }, credentials: "omit" })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status + " from " + url); }
        return response.json();
      });
  }

  // Where an article opens: its page on the site when it has one, else the search host's
  // preview. Only http(s) links are followed, whatever the index holds.
  function articleUrl(item, base) {
    return /^https?:\/\//i.test(item.url || "") ? item.url : new URL(item.preview, base).href;
  }

  // A snippet is HTML-safe text from the API: escaped, with <mark> around the words found.
  // It is rebuilt from text nodes and <mark> elements, never parsed, so nothing else in it
  // could become markup.
  function marked(snippet) {
    var fragment = document.createDocumentFragment();
    var inside = false;
    snippet.split(/(<\/?mark>)/).forEach(function (part) {
      if (part === "<mark>" || part === "</mark>") { inside = part === "<mark>"; return; }
      if (!part) { return; }
      var text = document.createTextNode(unescapeHtml(part));
      if (inside) {
        var mark = document.createElement("mark");
        mark.appendChild(text);
        fragment.appendChild(mark);
      } else {
        fragment.appendChild(text);
      }
    });
    return fragment;
  }

  var ENTITIES = { amp: "&", lt: "<", gt: ">", quot: "\"", apos: "'" };

  function unescapeHtml(text) {
    return text.replace(/&(?:#(\d+)|#x([0-9a-f]+)|(amp|lt|gt|quot|apos));/gi,
      function (whole, decimal, hex, name) {
        if (name) { return ENTITIES[name.toLowerCase()]; }
        var code = decimal ? parseInt(decimal, 10) : parseInt(hex, 16);
        return code > 0 && code <= 0x10FFFF ? String.fromCodePoint(code) : whole;
      });
  }

  function options(element) {
    var data = element.dataset;
    var field = element.querySelector("input[name=q]");
    var lang = (data.lang || document.documentElement.lang || "en").slice(0, 2).toLowerCase();
    var library = data.library || "";
    if (library && LIBRARIES.indexOf(library) < 0) {
      console.warn("rxsearch: data-library=\"" + library + "\" is not one of " +
                   LIBRARIES.join(", ") + "; searching every library");
      library = "";
    }
    if (data.results && data.results !== "inline" && data.results !== "host") {
      console.warn("rxsearch: data-results is \"host\" or \"inline\", not \"" +
                   data.results + "\"; searching on the search host");
    }
    lang = lang === "bn" ? "bn" : "en";
    return {
      lang: lang,
      library: library,
      inline: data.results === "inline",
      query: data.query || (field ? field.value : ""),
      placeholder: data.placeholder || (field && field.placeholder) ||
                   say(lang, "search_placeholder"),
      label: (field && field.getAttribute("aria-label")) || say(lang, "search_label")
    };
  }

  // Constructed stylesheets are not inline styles to CSP, so a site need not allow
  // 'unsafe-inline'; browsers without them (Safari before 16.4) get a <style> element.
  function style(root) {
    try {
      if (!sheet) {
        sheet = new CSSStyleSheet();
        sheet.replaceSync(CSS);
      }
      root.adoptedStyleSheets = [sheet];
    } catch (error) {
      root.appendChild(make("style", {}, CSS));
    }
  }

  function upgrade(element) {
    if (element.shadowRoot || element.hasAttribute("data-rxsearch-ready")) { return; }
    var form = element.querySelector("form[action]");
    var base = BASE || (form ? new URL(".", form.action).href : null);
    if (!base) { return; }
    var root;
    try {
      root = element.attachShadow({ mode: "open" });
    } catch (error) {
      return;   // an element that cannot hold a shadow root: its plain form stays
    }
    element.setAttribute("data-rxsearch-ready", "");
    style(root);
    var o = options(element);
    var id = "rxsearch-" + (++boxes);
    var wrapper = make("div", { lang: o.lang });
    var box = make("form", { class: "box", role: "search", method: "get",
                             action: new URL("search", base).href });
    var label = make("label", { class: "visually-hidden", for: id + "-q" }, o.label);
    var combo = make("div", { class: "combo" });
    var input = make("input", {
      id: id + "-q", name: "q", type: "search", maxlength: String(MAX_CHARS),
      autocomplete: "off", placeholder: o.placeholder, role: "combobox",
      "aria-autocomplete": "list", "aria-expanded": "false", "aria-controls": id + "-list"
    });
    input.value = o.query;
    var list = make("ul", { id: id + "-list", class: "suggestions", role: "listbox",
                            "aria-label": say(o.lang, "suggestions") });
    list.hidden = true;
    combo.appendChild(input);
    combo.appendChild(list);
    box.appendChild(label);
    box.appendChild(combo);
    if (o.library) { box.appendChild(make("input", { type: "hidden", name: "library", value: o.library })); }
    box.appendChild(make("input", { type: "hidden", name: "hl", value: o.lang }));
    box.appendChild(make("button", { type: "submit" }, say(o.lang, "search_button")));
    wrapper.appendChild(box);
    // Always there, empty until a search: a live region must exist before it changes.
    var results = make("div", { class: "results", "aria-live": "polite" });
    wrapper.appendChild(results);
    root.appendChild(wrapper);

    var suggestions = combobox(input, list, o, base);
    if (o.inline) {
      var search = inlineSearch(input, results, o, base);
      box.addEventListener("submit", function (event) {
        event.preventDefault();
        suggestions.close();
        search();
      });
    }
  }

  {{ combobox_js | indent(2) }}
  function combobox(input, list, o, base) {
    return rxsearchCombobox(input, list, function (text) {
      return getJson(apiUrl(base, "api/suggest", { q: text, hl: o.lang }))
        .then(function (data) { return data.suggestions; });
    }, function (suggestion) {
      window.location.assign(articleUrl(suggestion, base));
    });
  }

  function searchUrl(base, query, o) {
    return apiUrl(base, "search", { q: query, library: o.library, hl: o.lang });
  }

  // Results under the box: the latest search wins, whatever order the answers come in.
  function inlineSearch(input, results, o, base) {
    var latest = 0;

    function run() {
      var query = input.value.trim();
      var ticket = ++latest;
      if (!query) { results.textContent = ""; return; }
      results.setAttribute("aria-busy", "true");
      getJson(apiUrl(base, "api/search", { q: query, library: o.library, hl: o.lang,
                                           page_size: String(INLINE_HITS) }))
        .then(function (data) {
          if (ticket === latest) { showResults(results, data, input, o, base, run); }
        })
        .catch(function () {
          if (ticket !== latest) { return; }
          results.textContent = "";
          var failed = make("p", { class: "hint" }, say(o.lang, "embed_failed") + " ");
          failed.appendChild(make("a", { href: searchUrl(base, query, o) },
                                  say(o.lang, "embed_all_results")));
          results.appendChild(failed);
        })
        .then(function () { if (ticket === latest) { results.removeAttribute("aria-busy"); } });
    }

    return run;
  }

  // The danger-sign notice, first, in the box's language and then the other, as the
  // results page shows it: a reader who names an emergency is told where to go before
  // any article.
  function notice(found, lang) {
    var other = lang === "bn" ? "en" : "bn";
    var signs = found.signs.map(function (sign) { return sign["label_" + lang]; }).join(", ");
    if (lang === "en") { signs = signs.charAt(0).toUpperCase() + signs.slice(1); }
    var box = make("div", { class: "danger", role: "alert" });
    box.appendChild(make("strong", {}, signs + ":"));
    box.appendChild(document.createTextNode(" " + found["message_" + lang]));
    box.appendChild(make("p", { lang: other }, found["message_" + other]));
    return box;
  }

  function showResults(results, data, input, o, base, again) {
    var lang = o.lang;
    results.textContent = "";
    if (data.notice) { results.appendChild(notice(data.notice, lang)); }
    (data.interpreted_as || []).forEach(function (reading) {
      results.appendChild(make("p", { class: "hint" }, reading.text));
    });
    if (!data.total) {
      results.appendChild(make("p", { class: "summary" },
                               say(lang, "no_results") + " \u201c" + data.query + "\u201d"));
    } else {
      var count = data.total === 1 ? say(lang, "result_count_one")
                                   : say(lang, "result_count", data.total);
      results.appendChild(make("p", { class: "summary" }, count + " " +
        say(lang, "results_for") + " \u201c" + (data.showing_for || data.query) + "\u201d"));
    }
    if (data.did_you_mean && !data.showing_for) {
      var hint = make("p", { class: "hint" }, say(lang, "did_you_mean") + " ");
      var instead = make("button", { type: "button", class: "link" }, data.did_you_mean);
      instead.addEventListener("click", function () {
        input.value = data.did_you_mean;
        again();
      });
      hint.appendChild(instead);
      hint.appendChild(document.createTextNode("?"));
      results.appendChild(hint);
    }
    if (data.hits.length) {
      var hits = make("ol", { class: "hits" });
      data.hits.forEach(function (hit) {
        var item = make("li", { class: "hit" });
        var link = make("a", { class: "title", href: articleUrl(hit, base) }, hit.title);
        if (hit.lang === "bn") { link.lang = "bn"; }
        item.appendChild(link);
        if (hit.title_bn) { item.appendChild(make("span", { class: "title-bn", lang: "bn" }, hit.title_bn)); }
        item.appendChild(make("span", { class: "badge badge-" + hit.library },
                              say(lang, "library_" + hit.library)));
        var snippet = make("p", { class: "snippet" });
        if (hit.matched_lang === "bn" || hit.lang === "bn") { snippet.lang = "bn"; }
        if (hit.matched_label) {
          snippet.appendChild(make("span", { class: "where" },
                                   say(lang, "in_section") + " " + hit.matched_label + ":"));
          snippet.appendChild(document.createTextNode(" "));
        }
        snippet.appendChild(marked(hit.snippet || ""));
        item.appendChild(snippet);
        hits.appendChild(item);
      });
      results.appendChild(hits);
    }
    var more = make("p", { class: "more" });
    more.appendChild(make("a", { href: searchUrl(base, data.query, o) },
                          say(lang, "embed_all_results")));
    results.appendChild(more);
  }

  function start() {
    document.querySelectorAll("[data-rxsearch]").forEach(upgrade);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();   // loaded late (async, or added by a script): the page is already there
  }
})();
