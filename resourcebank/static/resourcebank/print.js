// The print button on the certificate page (kept out of the HTML for the coming CSP).
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
