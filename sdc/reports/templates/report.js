(function () {
  "use strict";
  var boxes = document.querySelectorAll("input[data-filter]");
  function apply() {
    var shown = {};
    boxes.forEach(function (box) { shown[box.getAttribute("data-filter")] = box.checked; });
    var visible = 0;
    document.querySelectorAll("[data-status]").forEach(function (el) {
      var on = shown[el.getAttribute("data-status")] !== false;
      el.classList.toggle("hidden-by-filter", !on);
      if (on && el.tagName === "DETAILS") { visible += 1; }
    });
    var counter = document.getElementById("visible-count");
    if (counter) { counter.textContent = String(visible); }
  }
  boxes.forEach(function (box) { box.addEventListener("change", apply); });
  function setAll(open) {
    document.querySelectorAll("details.output").forEach(function (d) { d.open = open; });
  }
  var expand = document.getElementById("expand-all");
  var collapse = document.getElementById("collapse-all");
  if (expand) { expand.addEventListener("click", function () { setAll(true); }); }
  if (collapse) { collapse.addEventListener("click", function () { setAll(false); }); }
  function reveal() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id ? document.getElementById(id) : null;
    for (var el = target; el; el = el.parentElement) {
      if (el.tagName === "DETAILS") { el.open = true; }
      if (el.classList && el.classList.contains("hidden-by-filter")) {
        el.classList.remove("hidden-by-filter");
      }
    }
    if (target) { target.scrollIntoView({block: "center"}); }
  }
  window.addEventListener("hashchange", reveal);
  apply();
  if (window.location.hash) { reveal(); }
})();
