/* Draws every <canvas data-chart="ID"> on the page with the vendored Chart.js.

   The chart's data sits in <script type="application/json" id="ID"> (Django's
   json_script: data, not code, so the Content Security Policy allows it), built by
   reports/dashboards.py as {type, labels, datasets: [{label, data}], stacked,
   horizontal, title}. The numbers are also in a table next to each chart, so nothing
   depends on hovering over a bar. */
(function () {
  "use strict";

  // Distinguishable in colour and in grey; the first is the navigation bar's blue.
  var PALETTE = ["#0b3a6e", "#e8743b", "#19a979", "#945ecf", "#ed4a7b", "#13a4b4", "#6c757d", "#bf9b30"];

  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    var spec = JSON.parse(source.textContent);
    var datasets = spec.datasets.map(function (dataset, i) {
      if (dataset.line) {
        // A threshold across the bars (a requirement): a dashed line, no points.
        return {
          type: "line",
          label: dataset.label,
          data: dataset.data,
          borderColor: "#dc3545",
          backgroundColor: "#dc3545",
          borderDash: [6, 4],
          borderWidth: 2,
          pointRadius: 0,
          fill: false,
        };
      }
      return {
        label: dataset.label,
        data: dataset.data,
        backgroundColor: PALETTE[i % PALETTE.length],
        borderWidth: 0,
        maxBarThickness: 48,
      };
    });
    var valueAxis = {stacked: spec.stacked, beginAtZero: true, ticks: {precision: 0}};
    var labelAxis = {stacked: spec.stacked, ticks: {autoSkip: false}};
    new window.Chart(canvas, {
      type: spec.type,
      data: {labels: spec.labels, datasets: datasets},
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        indexAxis: spec.horizontal ? "y" : "x",
        scales: spec.horizontal ? {x: valueAxis, y: labelAxis} : {x: labelAxis, y: valueAxis},
        plugins: {
          legend: {position: "bottom", labels: {boxWidth: 12}},
          title: {display: Boolean(spec.title), text: spec.title},
        },
      },
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
  });
})();
