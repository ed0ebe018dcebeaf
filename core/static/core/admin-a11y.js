/* Accessible names for two widgets that Django's admin draws with JavaScript (WCAG 4.1.2),
   until Django draws them so itself. Loaded on every admin page by
   templates/admin/base_site.html; a file, not an inline script, for the Content-Security-Policy.

   - A "horizontal filter" (SelectFilter2.js) puts the hint of its filter box as an
     aria-label on a plain <span>, where ARIA does not allow one: the magnifier icon becomes
     an image with that text, which also names the filter box through its <label>.
   - An autocomplete box (select2) is named only by the option it shows, so an empty one has
     no name and a filled one does not say what it is for; its shown option is marked up as
     a nameless read-only text box. The box is named by its field's label and the option
     shown, and the option is plain text.

   tests/browser/test_admin_accessibility.py runs axe-core on pages with both widgets. */
"use strict";
(function () {
    function nameFilterIcons(root) {
        root.querySelectorAll(".search-label-icon[aria-label]:not([role])").forEach(function (icon) {
            icon.setAttribute("role", "img");
        });
    }

    function nameAutocompletes(root) {
        root.querySelectorAll(".select2-selection--single[role=combobox]").forEach(function (box) {
            const container = box.closest(".select2-container");
            const select = container && container.previousElementSibling;
            const shown = box.querySelector(".select2-selection__rendered");
            if (!select || select.tagName !== "SELECT" || !select.id || !shown || !shown.id) {
                return;
            }
            const label = document.querySelector('label[for="' + CSS.escape(select.id) + '"]');
            if (label) {
                if (!label.id) {
                    label.id = select.id + "_label";
                }
                box.setAttribute("aria-labelledby", label.id + " " + shown.id);
            }
            shown.removeAttribute("role");
            shown.removeAttribute("aria-readonly");
            // The mouse's "×" that clears the box is no part of its name (the keyboard clears it
            // with Delete or Backspace).
            shown.querySelectorAll(".select2-selection__clear").forEach(function (cross) {
                cross.setAttribute("aria-hidden", "true");
            });
        });
    }

    function nameAll() {
        nameFilterIcons(document);
        nameAutocompletes(document);
    }

    // The widgets are drawn on "load" (filters), on "ready" (select2) and whenever an inline
    // row is added, so watch for them rather than guess when they are there; a burst of
    // changes is looked at once, in the next frame.
    let pending = false;
    function nameSoon() {
        if (!pending) {
            pending = true;
            window.requestAnimationFrame(function () {
                pending = false;
                nameAll();
            });
        }
    }
    new MutationObserver(nameSoon).observe(document.body, {childList: true, subtree: true});
    nameAll();
})();
