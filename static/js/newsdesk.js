// Small improvements over pages that work without script: "/" focuses the search box, facet
// "more" lists expand in place, and a facet's filter box narrows its values as you type.
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target.closest && target.closest("input, textarea, select, [contenteditable]");
    if (event.key === "/" && !typing) {
      var box = document.getElementById("id_q");
      if (box) { event.preventDefault(); box.focus(); box.select(); }
    }
  });
  document.addEventListener("DOMContentLoaded", function () {
    if (window.matchMedia("(max-width: 760px)").matches) {
      document.querySelectorAll(".facet-panel").forEach(function (panel) { panel.open = false; });
    }
    document.querySelectorAll("[data-facet-filter]").forEach(function (input) {
      var group = input.closest(".facet-group");
      input.addEventListener("input", function () {
        var needle = input.value.trim().toLowerCase();
        var more = group.querySelector(".facet-more");
        if (more) { more.open = needle !== ""; }
        group.querySelectorAll(".facet-values li").forEach(function (item) {
          var label = item.querySelector(".facet-label");
          if (!label) { return; }
          var inMore = item.closest(".facet-more") !== null;
          var hiddenByDefault = item.classList.contains("facet-more-item");
          if (needle === "") { item.hidden = false; return; }
          item.hidden = hiddenByDefault || label.textContent.toLowerCase().indexOf(needle) === -1;
          if (inMore) { item.hidden = label.textContent.toLowerCase().indexOf(needle) === -1; }
        });
      });
    });
  });
})();
