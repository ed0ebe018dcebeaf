// Move focus to a form's error summary when a page comes back with errors, so screen
// readers announce it and keyboard users start from the list of links to the fields.
(function () {
  "use strict";
  var summary = document.getElementById("form-errors");
  if (summary) {
    summary.focus();
  }
})();
