// Title suggestions under the search box (ARIA 1.2 combobox with a listbox popup).
// Plain JavaScript, no dependencies; without it the form still searches on Enter.
// Keys: ArrowDown/ArrowUp move, Enter opens the highlighted article (or searches),
// Escape closes the list (a second Escape clears the box).
(function () {
  "use strict";

  var DELAY_MS = 150;   // wait for a pause in typing before asking the server
  var MIN_CHARS = 2;

  function setUp(input) {
    var list = document.getElementById(input.getAttribute("aria-controls"));
    if (!list) { return; }
    var endpoint = input.getAttribute("data-suggest");
    var timer = null, active = -1, items = [], latest = 0;

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
        var title = document.createElement("span");
        title.className = "s-title";
        title.textContent = s.title;              // textContent: never parsed as HTML
        if (s.matched_name) {                     // found through an other name: say which
          var name = document.createElement("span");
          name.className = "s-name";
          name.textContent = " \u2014 " + s.matched_name;
          title.appendChild(name);
        }
        option.appendChild(title);
        if (s.title_bn) {
          var bn = document.createElement("span");
          bn.className = "s-bn";
          bn.lang = "bn";
          bn.textContent = s.title_bn;
          option.appendChild(bn);
        }
        var badge = document.createElement("span");
        badge.className = "badge badge-" + s.library;
        badge.textContent = s.library_label || s.library;
        option.appendChild(badge);
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();                 // keep focus in the box
          window.location.href = s.preview;
        });
        list.appendChild(option);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function ask() {
      var text = input.value.trim();
      if (text.length < MIN_CHARS) { close(); return; }
      var ticket = ++latest;
      fetch(endpoint + "?q=" + encodeURIComponent(text), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (data) { if (ticket === latest) { show(data.suggestions || []); } })
        .catch(function () { close(); });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, DELAY_MS);
    });
    input.addEventListener("keydown", function (event) {
      var open = !list.hidden && items.length;
      if (event.key === "ArrowDown" && open) { event.preventDefault(); highlight(active + 1); }
      else if (event.key === "ArrowUp" && open) { event.preventDefault(); highlight(active - 1); }
      else if (event.key === "Enter" && open && active >= 0) {
        event.preventDefault();
        window.location.href = items[active].preview;
      } else if (event.key === "Escape") {
        if (open) { event.preventDefault(); close(); } else { input.value = ""; }
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
  }

  function openFiltersOnWideScreens() {
    var facets = document.getElementById("facets");
    if (facets && window.matchMedia("(min-width: 48rem)").matches) { facets.open = true; }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[role=combobox][data-suggest]").forEach(setUp);
    openFiltersOnWideScreens();
  });
})();
