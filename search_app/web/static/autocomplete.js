// The app's pages: title suggestions under each search box (static/combobox.js, loaded
// first) and the filters opened on wide screens. Plain JavaScript, no dependencies;
// without it the form still searches on Enter and the filters open on a tap.
(function () {
  "use strict";

  function setUp(input) {
    var list = document.getElementById(input.getAttribute("aria-controls"));
    if (!list) { return; }
    var endpoint = input.getAttribute("data-suggest");
    rxsearchCombobox(input, list, function (text) {
      return fetch(endpoint + "?q=" + encodeURIComponent(text),
                   { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (data) { return data.suggestions; });
    }, function (suggestion) {
      window.location.href = suggestion.preview;
    });
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
