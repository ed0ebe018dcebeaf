// The status page of an export job (templates/followup/export_job.html) follows the job by
// itself: while it is queued or running, this asks the JSON status every few seconds and
// updates the page in place. Without JavaScript the page's "Refresh" link does the same.
(function () {
  "use strict";
  var root = document.querySelector("[data-export-job]");
  if (!root || root.hasAttribute("data-finished") || !window.fetch) {
    return;
  }
  var url = root.getAttribute("data-status-url");
  var progress = root.querySelector("progress");
  var every = 2000;
  var wait = every;

  function field(name) {
    return root.querySelector('[data-field="' + name + '"]');
  }

  function setText(element, text) {
    // Rewriting the same text would make some screen readers announce it again.
    if (element && element.textContent !== text) {
      element.textContent = text;
    }
  }

  function show(state) {
    progress.max = Math.max(state.total, 1);
    progress.value = state.rows_done;
    setText(progress, state.percent + " %");
    setText(field("rows"), state.rows_text);
    setText(field("status"), state.status_text);
    setText(field("expires"), state.expires_text);
    field("download").hidden = !state.download;
    field("refresh").hidden = state.finished;
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("status " + response.status);
        }
        return response.json();
      })
      .then(function (state) {
        show(state);
        wait = every;
        if (!state.finished) {
          window.setTimeout(poll, wait);
        }
      })
      .catch(function () {
        // A network hiccup or a restarting server: try again, less and less often.
        wait = Math.min(wait * 2, 30000);
        window.setTimeout(poll, wait);
      });
  }

  window.setTimeout(poll, every);
})();
