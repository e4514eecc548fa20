// Title suggestions under a search box: an ARIA 1.2 combobox with a listbox popup.
// One copy for both boxes: the app's pages load this file before autocomplete.js, and
// /embed.js (the box on the library's site) includes it inside its own closure.
// Keys: ArrowDown/ArrowUp move, Enter opens the highlighted article (or searches),
// Escape closes the list (a second Escape clears the box). Titles are set as text, never
// parsed as HTML.
//
//   rxsearchCombobox(input, list, suggest, open) -> { close: function }
//   suggest(text): a Promise of the /api/suggest "suggestions" for the text typed
//   open(suggestion): go to that article
function rxsearchCombobox(input, list, suggest, open) {
  "use strict";

  var DELAY_MS = 150;   // wait for a pause in typing before asking the server
  var MIN_CHARS = 2;
  var timer = null, active = -1, items = [], latest = 0;

  function span(className, text) {
    var node = document.createElement("span");
    node.className = className;
    node.textContent = text;
    return node;
  }

  function close() {
    list.hidden = true;
    list.textContent = "";
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    items = []; active = -1;
  }

  function highlight(index) {
    var options = list.querySelectorAll("[role=option]");
    if (!options.length) { return; }
    active = (index + options.length) % options.length;
    options.forEach(function (option, i) {
      option.setAttribute("aria-selected", i === active ? "true" : "false");
    });
    input.setAttribute("aria-activedescendant", options[active].id);
    options[active].scrollIntoView({ block: "nearest" });
  }

  function show(suggestions) {
    list.textContent = "";
    items = suggestions;
    active = -1;
    if (!suggestions.length) { close(); return; }
    suggestions.forEach(function (s, i) {
      var option = document.createElement("li");
      option.id = input.id + "-option-" + i;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      var title = span("s-title", s.title);
      if (s.matched_name) {   // found through an other name: say which
        title.appendChild(span("s-name", " \u2014 " + s.matched_name));
      }
      option.appendChild(title);
      if (s.title_bn) {
        var bn = span("s-bn", s.title_bn);
        bn.lang = "bn";
        option.appendChild(bn);
      }
      option.appendChild(span("badge badge-" + s.library, s.library_label || s.library));
      option.addEventListener("mousedown", function (event) {
        event.preventDefault();   // keep focus in the box
        open(s);
      });
      list.appendChild(option);
    });
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  function ask() {
    var text = input.value.trim();
    if (text.length < MIN_CHARS) { close(); return; }
    var ticket = ++latest;   // the latest answer wins, whatever order answers come in
    suggest(text)
      .then(function (suggestions) { if (ticket === latest) { show(suggestions || []); } })
      .catch(function () { if (ticket === latest) { close(); } });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(ask, DELAY_MS);
  });
  input.addEventListener("keydown", function (event) {
    var shown = !list.hidden && items.length;
    if (event.key === "ArrowDown" && shown) { event.preventDefault(); highlight(active + 1); }
    else if (event.key === "ArrowUp" && shown) { event.preventDefault(); highlight(active - 1); }
    else if (event.key === "Enter" && shown && active >= 0) {
      event.preventDefault();
      open(items[active]);
    } else if (event.key === "Escape") {
      if (shown) { event.preventDefault(); close(); } else { input.value = ""; }
    }
  });
  input.addEventListener("blur", function () { setTimeout(close, 100); });
  return { close: close };
}
