/*
 * The Content Security Policy allows no inline event handlers. django-import-export's export
 * page wires its "Select all" box with onchange="onSelectToggleChange(event)", which the
 * browser refuses; this attaches the same handler (defined in the package's own script file).
 */
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("input.select-toggle").forEach(function (toggle) {
    toggle.addEventListener("change", function (event) {
      if (typeof window.onSelectToggleChange === "function") {
        window.onSelectToggleChange(event);
      }
    });
  });
});
