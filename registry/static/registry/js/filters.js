/* The list filters, enhanced: without this file the plain form works the same.

   1. The filter disclosure (<details class="filter-disclosure">) is open on wide screens,
      where the panel sits beside the results, and closed on phones, where it sits above.
   2. Each long option list (<fieldset class="facet-long">) gets a labelled search box that
      narrows the options to those whose name contains what is typed, accents and case
      ignored, with a polite live count of the options shown. Ticked options stay visible.
      The box is an ordinary text field: Tab moves on, Escape empties it. */
(function () {
  "use strict";

  var WIDE = window.matchMedia("(min-width: 60rem)");

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function openOnWideScreens() {
    var panels = document.querySelectorAll("details.filter-disclosure");
    for (var i = 0; i < panels.length; i++) {
      if (WIDE.matches) panels[i].open = true;
    }
  }

  function narrowing(fieldset, index) {
    var list = fieldset.querySelector("ul.facet-options");
    if (!list) return;
    var items = Array.prototype.slice.call(list.querySelectorAll("li"));
    var id = (list.id || "facet-" + index) + "-narrow";
    var box = document.createElement("div");
    box.className = "facet-narrow";
    var label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = fieldset.getAttribute("data-narrow-label");
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.autocomplete = "off";
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-describedby", id + "-count");
    var count = document.createElement("p");
    count.id = id + "-count";
    count.className = "facet-narrow-count";
    count.setAttribute("aria-live", "polite");
    box.appendChild(label);
    box.appendChild(input);
    box.appendChild(count);
    list.parentNode.insertBefore(box, list);

    var template = fieldset.getAttribute("data-narrow-count");
    function update() {
      var wanted = fold(input.value.trim());
      var shown = 0;
      items.forEach(function (item) {
        var ticked = item.querySelector("input:checked");
        var match = !wanted || ticked || fold(item.getAttribute("data-name") || "").indexOf(wanted) !== -1;
        item.hidden = !match;
        if (match) shown += 1;
      });
      count.textContent = template
        .replace("%(shown)s", String(shown))
        .replace("%(total)s", String(items.length));
    }
    input.addEventListener("input", update);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && input.value) {
        input.value = "";
        update();
        event.preventDefault();
      } else if (event.key === "Enter") {
        // Enter narrows; it does not send the form half-chosen (the button does).
        event.preventDefault();
      }
    });
    update();
  }

  function start() {
    openOnWideScreens();
    if (WIDE.addEventListener) WIDE.addEventListener("change", openOnWideScreens);
    var long = document.querySelectorAll("fieldset.facet-long");
    for (var i = 0; i < long.length; i++) narrowing(long[i], i);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
