// The compendium's progress bar: asks the status address every second and a half and moves the bar;
// once the build has ended (ready, failed, cancelled) the page is loaded again to show the result.
// Without JavaScript the page refreshes itself (a meta refresh inside <noscript>).
(function () {
  "use strict";
  var box = document.querySelector("[data-compendium-status]");
  if (!box || box.dataset.running !== "1") return;
  var url = box.dataset.compendiumStatus;
  var bar = box.querySelector("[data-progress-bar]");
  var meter = box.querySelector("[data-progress]");
  var step = box.querySelector("[data-step]");
  var label = box.querySelector("[data-state-label]");
  var failures = 0;

  function show(status) {
    if (bar) {
      bar.style.width = status.progress + "%";
      bar.textContent = status.progress + " %";
    }
    if (meter) meter.setAttribute("aria-valuenow", status.progress);
    if (step && step.textContent !== status.step) step.textContent = status.step;
    if (label) label.textContent = status.state_label;
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (status) {
        failures = 0;
        show(status);
        if (status.running) {
          window.setTimeout(poll, 1500);
        } else {
          window.location.reload();
        }
      })
      .catch(function () {
        // The server is restarting or the network dropped: keep asking, more slowly.
        failures += 1;
        window.setTimeout(poll, Math.min(15000, 1500 * Math.pow(2, failures)));
      });
  }

  window.setTimeout(poll, 1000);
})();
