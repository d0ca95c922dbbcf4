// The dashboards' charts: each <canvas data-chart="ID"> is drawn with Chart.js (the UMD build,
// vendor/chartjs/, loaded before this file) from the JSON in <script id="ID"> — a Chart of
// learning/analytics/charts.py. The same numbers are in the table beside it, which is open
// until the chart is drawn (without a script the table is the chart) and opens for printing.
document.addEventListener("DOMContentLoaded", () => {
  const canvases = document.querySelectorAll("canvas[data-chart]");
  if (!canvases.length || typeof window.Chart === "undefined") return;

  const root = getComputedStyle(document.documentElement);
  const token = (name, fallback) => root.getPropertyValue(name).trim() || fallback;
  // Series colours from the design tokens (css/dashboards.css: --chart-1 … --chart-6).
  const palette = [1, 2, 3, 4, 5, 6].map((n) => token(`--chart-${n}`, "#0d6b62"));
  const ink = token("--c-ink-2", "#4b5563");
  const line = token("--c-line", "#e2ddd0");
  const surface = token("--c-surface", "#ffffff");
  const reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)");

  const language = document.documentElement.lang || "ru";
  const number = new Intl.NumberFormat(language, { maximumFractionDigits: 1 });
  const withUnit = (value, unit) =>
    value === null || value === undefined ? "—" : unit ? `${number.format(value)}\u00a0${unit}` : number.format(value);

  Chart.defaults.font.family = token("--font", "system-ui, sans-serif");
  Chart.defaults.color = ink;
  Chart.defaults.borderColor = line;

  // Chart.kind → Chart.js's type and options.
  const config = (data) => {
    const doughnut = data.kind === "doughnut";
    const horizontal = data.kind === "horizontal-bar";
    const stacked = data.kind === "stacked-bar";
    const datasets = data.series.map((series, i) => {
      const colour = palette[i % palette.length];
      if (doughnut) {
        return {
          label: series.label,
          data: series.values,
          backgroundColor: data.labels.map((_, j) => palette[j % palette.length]),
          borderColor: surface,
          borderWidth: 2,
        };
      }
      return {
        label: series.label,
        data: series.values,
        backgroundColor: colour,
        borderColor: colour,
        borderWidth: data.kind === "line" ? 2 : 0,
        borderRadius: data.kind === "line" ? 0 : 4,
        pointRadius: data.kind === "line" ? 3 : undefined,
        spanGaps: false,
        maxBarThickness: 36,
      };
    });
    // Counts (learners, lessons) step by whole numbers, not 0.1.
    const whole = data.series.every((series) =>
      series.values.every((value) => value === null || Number.isInteger(value)),
    );
    const valueAxis = {
      beginAtZero: true,
      // A share reads against the whole: 0–100 %, unless a value goes past it.
      suggestedMax: data.unit === "%" ? 100 : undefined,
      stacked,
      ticks: {
        precision: whole ? 0 : undefined,
        maxTicksLimit: 6,
        maxRotation: 0,
        callback: (value) => withUnit(value, data.unit),
      },
      grid: { color: line },
    };
    const labelAxis = {
      stacked,
      grid: { display: false },
      ticks: {
        autoSkip: true,
        maxRotation: 0,
        // Course titles are long: shortened on the axis, whole in the tooltip and the table.
        callback(value) {
          const label = String(this.getLabelForValue(value));
          const room = this.chart.width < 500 ? 16 : 28;
          return label.length > room ? `${label.slice(0, room - 1).trimEnd()}…` : label;
        },
      },
    };
    return {
      type: doughnut ? "doughnut" : data.kind === "line" ? "line" : "bar",
      data: { labels: data.labels, datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: reduceMotion.matches ? false : { duration: 400 },
        locale: language,
        indexAxis: horizontal ? "y" : "x",
        interaction: { mode: doughnut ? "nearest" : "index", intersect: false },
        plugins: {
          legend: {
            display: doughnut || data.series.length > 1,
            position: "bottom",
            labels: { boxWidth: 12, boxHeight: 12, usePointStyle: true },
          },
          tooltip: {
            callbacks: {
              label: (item) => {
                const name = doughnut ? item.label : item.dataset.label;
                return `${name}: ${withUnit(item.raw, data.unit)}`;
              },
            },
          },
        },
        scales: doughnut ? {} : horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis },
      },
    };
  };

  const charts = [];
  canvases.forEach((canvas) => {
    const source = document.getElementById(canvas.dataset.chart);
    if (!source) return;
    const data = JSON.parse(source.textContent);
    charts.push(new Chart(canvas, config(data)));
    const table = canvas.closest("figure").querySelector("[data-chart-table]");
    if (table) table.open = false;
  });

  // Someone who turns on "reduce motion" while the page is open gets no more animation.
  reduceMotion.addEventListener("change", () => {
    charts.forEach((chart) => {
      chart.options.animation = reduceMotion.matches ? false : { duration: 400 };
      chart.update("none");
    });
  });

  // A printout carries the tables (the numbers), whatever was folded on screen.
  const tables = () => document.querySelectorAll("[data-chart-table]");
  let folded = [];
  window.addEventListener("beforeprint", () => {
    folded = [...tables()].filter((table) => !table.open);
    folded.forEach((table) => (table.open = true));
    charts.forEach((chart) => chart.resize());
  });
  window.addEventListener("afterprint", () => {
    folded.forEach((table) => (table.open = false));
    folded = [];
  });
});
