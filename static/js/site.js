// Move focus to a form's error summary when a page comes back with errors, so screen
// readers announce it and keyboard users start from the list of links to the fields.
(function () {
  "use strict";
  var summary = document.getElementById("form-errors");
  if (summary) {
    summary.focus();
  }
})();

// The menu button of the phone header. Without script it is a link to the menu (#site-menu,
// shown by :target); with script it becomes a button that opens and closes it.
(function () {
  "use strict";
  var button = document.getElementById("menu-button");
  var menu = document.getElementById("site-menu");
  if (!button || !menu) {
    return;
  }
  button.setAttribute("role", "button");
  button.setAttribute("aria-controls", "site-menu");
  button.setAttribute("aria-expanded", "false");
  function toggle(event) {
    event.preventDefault();
    var open = !menu.classList.contains("is-open");
    menu.classList.toggle("is-open", open);
    button.setAttribute("aria-expanded", open ? "true" : "false");
    if (open) {
      var first = menu.querySelector("a, input, select, button");
      if (first) {
        first.focus();
      }
    }
  }
  button.addEventListener("click", toggle);
  button.addEventListener("keydown", function (event) {
    if (event.key === " ") {
      toggle(event);
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && menu.classList.contains("is-open")) {
      toggle(event);
      button.focus();
    }
  });
})();
