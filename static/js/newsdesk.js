// Small improvements over pages that work without script: "/" focuses the search box, the
// filters fold away on narrow screens, a facet's "More" opens its values in place, and a facet's
// filter box narrows its values as you type.
(function () {
  "use strict";
  var NARROW = window.matchMedia("(max-width: 760px)");
  document.documentElement.classList.add("js");

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target.closest && target.closest("input, textarea, select, [contenteditable]");
    if (event.key !== "/" || typing || event.ctrlKey || event.metaKey || event.altKey) { return; }
    var box = document.getElementById("id_q");
    if (box) { event.preventDefault(); box.focus(); box.select(); }
  });

  function foldFilters() {
    document.querySelectorAll(".facet-panel").forEach(function (panel) { panel.open = !NARROW.matches; });
  }

  function expandInPlace(group) {
    var more = group.querySelector(".facet-more");
    if (!more) { return; }
    more.addEventListener("toggle", function () { group.classList.toggle("expanded", more.open); });
  }

  function filterAsYouType(group) {
    var input = group.querySelector("[data-facet-filter]");
    if (!input) { return; }
    var items = group.querySelectorAll(".facet-values:not(.facet-more .facet-values) > li");
    input.addEventListener("input", function () {
      var needle = input.value.trim().toLowerCase();
      group.classList.toggle("filtering", needle !== "");
      items.forEach(function (item) {
        var label = item.querySelector(".facet-label");
        item.hidden = needle !== "" && (!label || label.textContent.toLowerCase().indexOf(needle) === -1);
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    foldFilters();
    NARROW.addEventListener("change", foldFilters);
    document.querySelectorAll(".facet-group").forEach(function (group) {
      expandInPlace(group);
      filterAsYouType(group);
    });
  });
})();
