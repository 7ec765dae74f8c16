/* The review queue: charts from the embedded data, row selection, the bulk bar. */
(function () {
  "use strict";

  function drawCharts() {
    var source = document.getElementById("queue-chart-data");
    if (!source || typeof Chart === "undefined") return;
    var data = JSON.parse(source.textContent);
    var blue = "#005a9c";
    var common = { responsive: true, maintainAspectRatio: false, animation: false, plugins: { legend: { display: false } } };
    var subItems = document.getElementById("chart-sub-items");
    if (subItems) {
      new Chart(subItems, {
        type: "bar",
        data: {
          labels: data.sub_items.labels,
          datasets: [{
            label: subItems.getAttribute("aria-label"),
            data: data.sub_items.counts,
            // The sub-item the view is filtered to stands out; the others stay for comparison.
            backgroundColor: data.sub_items.labels.map(function (code) { return !data.selected || code === data.selected ? blue : "#9fbcd6"; })
          }]
        },
        options: Object.assign({}, common, {
          // Codes isolated left to right (U+2066…U+2069): in Arabic a bare "5(e)" would read "(e)5".
          scales: { x: { ticks: { callback: function (value) { return "\u2066" + this.getLabelForValue(value) + "\u2069"; } } }, y: { beginAtZero: true, ticks: { precision: 0 } } },
          plugins: { legend: { display: false }, tooltip: { callbacks: { title: function (items) { var i = items[0].dataIndex; return "\u2066" + data.sub_items.labels[i] + "\u2069 " + data.sub_items.titles[i]; } } } }
        })
      });
    }
    var months = document.getElementById("chart-months");
    if (months) {
      new Chart(months, {
        type: "line",
        data: { labels: data.months.labels, datasets: [{ label: months.getAttribute("aria-label"), data: data.months.counts, borderColor: blue, backgroundColor: "rgba(0, 90, 156, .15)", fill: true, cubicInterpolationMode: "monotone" }] },
        options: Object.assign({}, common, { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } })
      });
    }
  }

  function selection() {
    var form = document.getElementById("bulk-form");
    if (!form) return;
    var all = document.getElementById("select-all");
    var boxes = Array.prototype.slice.call(form.querySelectorAll("input.row-check"));
    var counter = document.getElementById("selection-count");
    function update() {
      var n = boxes.filter(function (b) { return b.checked; }).length;
      counter.textContent = n === 0 ? counter.dataset.none : (n === 1 ? counter.dataset.one : counter.dataset.many.replace("%s", n));
      if (all) { all.checked = n > 0 && n === boxes.length; all.indeterminate = n > 0 && n < boxes.length; }
    }
    if (all) all.addEventListener("change", function () { boxes.forEach(function (b) { b.checked = all.checked; }); update(); });
    boxes.forEach(function (b) { b.addEventListener("change", update); });
    var action = document.getElementById("bulk-action");
    function showFields() {
      form.querySelectorAll("[data-for-action]").forEach(function (el) { el.hidden = el.dataset.forAction !== action.value; });
    }
    action.addEventListener("change", showFields);
    showFields();
    update();
  }

  drawCharts();
  selection();
})();

// Export links: say "preparing…" until the file starts to arrive (the server sets a cookie with it).
document.querySelectorAll("a[data-export]").forEach((link) => {
  link.addEventListener("click", (event) => {
    event.preventDefault();
    const token = Math.random().toString(36).slice(2, 12) + Date.now().toString(36);
    const status = document.querySelector("[data-export-status]");
    const cookie = `export_${token}=`;
    if (status) status.classList.remove("d-none");
    const started = Date.now();
    const timer = window.setInterval(() => {
      const arrived = document.cookie.split("; ").some((c) => c.startsWith(cookie));
      if (arrived || Date.now() - started > 120000) {
        window.clearInterval(timer);
        if (status) status.classList.add("d-none");
        document.cookie = `${cookie}; max-age=0; path=/`;
      }
    }, 300);
    const url = new URL(link.href, window.location.href);
    url.searchParams.set("download_token", token);
    window.location.assign(url.toString());
  });
});
