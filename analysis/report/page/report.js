// omnisim report: builds the page's sections and Vega-Lite charts from the
// JSON that `omnisim report` embedded (analysis/report/report_data.hpp).
// Every chart is drawn by vega-embed as SVG; when all have rendered, the
// body gets data-charts-rendered (a count) for the browser test, or
// data-chart-errors if any failed.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("omnisim-data").textContent);
  const main = document.getElementById("report");
  const pending = [];
  const kpiInfo = Object.fromEntries(data.kpis.map((k) => [k.kpi, k]));
  const strategyColor = {
    field: "strategy",
    type: "nominal",
    title: "strategy",
    scale: { domain: data.strategies },
  };

  function element(tag, attributes, text) {
    const node = document.createElement(tag);
    Object.entries(attributes || {}).forEach(([name, value]) => node.setAttribute(name, value));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function section(title) {
    main.appendChild(element("h2", {}, title));
  }

  // A chart with its one-line caption saying how to read it.
  function chart(id, caption, spec) {
    main.appendChild(element("p", { class: "caption" }, caption));
    const container = element("div", { class: "chart", id: id, "data-chart": id });
    main.appendChild(container);
    const full = Object.assign(
      { $schema: "https://vega.github.io/schema/vega-lite/v6.json", config: { view: { stroke: null } } },
      spec
    );
    pending.push(
      vegaEmbed(container, full, { renderer: "svg", actions: false }).catch((error) => {
        container.appendChild(element("p", { class: "error" }, "chart failed: " + error));
        throw error;
      })
    );
  }

  function label(kpi) {
    const info = kpiInfo[kpi];
    if (!info) return kpi;
    const unit = info.unit === "share" ? "share" : info.unit;
    return info.label + " (" + unit + ")";
  }

  function summaryOf(kpi) {
    return data.summary.filter((row) => row.kpi === kpi);
  }

  function format(value) {
    if (value === null || value === undefined || Number.isNaN(value)) return "n/a";
    const magnitude = Math.abs(value);
    return value.toLocaleString("en", { maximumFractionDigits: magnitude >= 100 ? 1 : magnitude >= 1 ? 2 : 4 });
  }

  function unitOf(kpi) {
    const info = kpiInfo[kpi];
    return info ? info.unit : "";
  }

  // Mean as a bar per strategy (a point for a difference, around a dashed
  // zero line) with its 95 % interval as a rule; the y axis carries the unit.
  function intervalBars(rows, title, unit, difference) {
    const x = { field: "strategy", type: "nominal", sort: data.strategies, title: null, axis: { labelAngle: -30 } };
    const layers = [
      {
        mark: difference ? { type: "point", filled: true, size: 60 } : { type: "bar", opacity: 0.85 },
        encoding: {
          x: x,
          y: { field: "mean", type: "quantitative", title: unit, scale: { zero: !difference } },
          color: strategyColor,
          tooltip: [
            { field: "strategy" },
            { field: "mean", format: ",.4~f" },
            { field: "low", title: "95 % low", format: ",.4~f" },
            { field: "high", title: "95 % high", format: ",.4~f" },
          ],
        },
      },
      { mark: { type: "rule", strokeWidth: 2 }, encoding: { x: x, y: { field: "low", type: "quantitative" }, y2: { field: "high" } } },
    ];
    if (difference) layers.push({ mark: { type: "rule", strokeDash: [4, 3], color: "#555" }, encoding: { y: { datum: 0 } } });
    return { title: title, width: { step: 46 }, height: 170, data: { values: rows }, layer: layers };
  }

  // One horizontal bar per strategy, stacked by `part` (shopper groups, cost
  // components).
  function stackedBars(rows, valueField, valueTitle, format, part, partTitle, partOrder) {
    return {
      width: 420,
      height: { step: 26 },
      data: { values: rows },
      mark: "bar",
      encoding: {
        y: { field: "strategy", type: "nominal", sort: data.strategies, title: null },
        x: Object.assign({ field: valueField, type: "quantitative", title: valueTitle, stack: "zero" }, format === "%" ? { axis: { format: "%" } } : {}),
        color: Object.assign({ field: part, type: "nominal", title: partTitle }, partOrder ? { sort: partOrder } : {}),
        tooltip: [{ field: "strategy" }, { field: part }, { field: valueField, format: format === "%" ? ".1%" : ",.2f" }],
      },
    };
  }

  function headline() {
    const charted = data.headline.slice(0, data.headline_charts);
    section("Headline: which strategy wins, by how much, how sure");
    const table = element("table");
    const head = element("tr");
    head.appendChild(element("th", {}, "KPI (mean ± 95 % half-width across replications)"));
    data.strategies.forEach((s) => head.appendChild(element("th", {}, s + (s === data.baseline ? " (baseline)" : ""))));
    table.appendChild(head);
    data.headline.forEach((kpi) => {
      const row = element("tr");
      row.appendChild(element("td", { title: (kpiInfo[kpi] || {}).description || "" }, label(kpi)));
      data.strategies.forEach((s) => {
        const cell = summaryOf(kpi).find((r) => r.strategy === s);
        row.appendChild(element("td", {}, cell ? format(cell.mean) + " ± " + format(cell.half_width) : "n/a"));
      });
      table.appendChild(row);
    });
    main.appendChild(table);
    chart(
      "headline",
      "Each panel is one of the first " + charted.length + " headline KPIs: the bar is the mean across replications, the black rule its 95 % confidence interval; non-overlapping rules mean a clear difference.",
      { columns: 3, concat: charted.map((kpi) => intervalBars(summaryOf(kpi), label(kpi), unitOf(kpi), false)) }
    );
    if (data.baseline && data.differences.length > 0) {
      chart(
        "differences",
        "Paired difference of each strategy to the baseline (" + data.baseline + ") on the same customers (common random numbers): a rule that does not cross the dashed zero line is a significant difference.",
        {
          columns: 3,
          concat: charted.map((kpi) =>
            intervalBars(data.differences.filter((r) => r.kpi === kpi), label(kpi) + " − " + data.baseline, unitOf(kpi), true)
          ),
        }
      );
    }
  }

  function retention() {
    if (data.retention.length === 0) return;
    section("Retention");
    chart(
      "retention",
      "Share of customers still alive by month of age (among those observable that long); the band is the 95 % interval across replications. Higher and flatter is better.",
      {
        width: 640,
        height: 260,
        data: { values: data.retention },
        encoding: {
          x: { field: "month", type: "quantitative", title: "age (months since acquisition)" },
          color: strategyColor,
        },
        layer: [
          { mark: { type: "area", opacity: 0.15 }, encoding: { y: { field: "low", type: "quantitative" }, y2: { field: "high" } } },
          { mark: "line", encoding: { y: { field: "mean", type: "quantitative", title: "alive share", axis: { format: "%" } } } },
        ],
      }
    );
  }

  function timeseries() {
    if (data.timeseries.length === 0) return;
    section("Over time");
    const panels = [
      ["revenue_eur", "revenue per period (EUR)"],
      ["active_customers", "active customers at period end"],
      ["cost_eur", "cost per period (EUR)"],
    ];
    chart(
      "timeseries",
      "Revenue, active customers and cost in each reporting period, by strategy: the line is the mean across replications, the band its 95 % interval; x is the period's last day.",
      {
        columns: 3,
        concat: panels.map(([series, title]) => ({
          title: title,
          width: 320,
          height: 200,
          data: { values: data.timeseries.filter((r) => r.series === series) },
          encoding: {
            x: { field: "period_end_day", type: "quantitative", title: "simulated day" },
            color: strategyColor,
          },
          layer: [
            { mark: { type: "area", opacity: 0.15 }, encoding: { y: { field: "low", type: "quantitative" }, y2: { field: "high" } } },
            { mark: "line", encoding: { y: { field: "mean", type: "quantitative", title: title } } },
          ],
        })),
      }
    );
  }

  function channelUse() {
    const split = ["share_online_only", "share_store_only", "share_multichannel"];
    const rows = data.summary.filter((r) => split.includes(r.kpi)).map((r) => Object.assign({ label: label(r.kpi) }, r));
    if (rows.length === 0) return;
    section("Channel use");
    chart(
      "shopper-split",
      "How shoppers split between online only, store only and several channels (mean share of shoppers); the bars of a strategy need not reach 1 when some shoppers used neither web nor store.",
      stackedBars(rows, "mean", "share of shoppers", "%", "label", "shoppers", split.map(label))
    );
    chart(
      "channels-per-shopper",
      "Distinct channels a shopper used, on average; the rule is the 95 % interval.",
      intervalBars(summaryOf("channels_per_shopper"), label("channels_per_shopper"), "channels", false)
    );
  }

  function costToServe() {
    const value = (kpi, s) => (data.summary.find((r) => r.kpi === kpi && r.strategy === s) || {}).mean;
    const rows = [];
    data.strategies.forEach((s) => {
      const contacts = value("cost_per_contact_eur", s) * value("contacts_per_customer", s);
      const marketing = value("marketing_cost_per_customer_eur", s);
      const serving = value("cost_to_serve_per_customer_eur", s);
      const parts = [
        ["acquisition", value("acquisition_cost_per_customer_eur", s)],
        ["contacts (visits and service)", contacts],
        ["marketing", marketing],
        ["fulfilment, returns and fixed cost", serving - contacts - marketing],
      ];
      parts.forEach(([component, eur]) => {
        if (Number.isFinite(eur)) rows.push({ strategy: s, component: component, eur: eur });
      });
    });
    if (rows.length === 0) return;
    section("Where value is made and lost");
    chart(
      "cost-to-serve",
      "Cost per acquired customer over the horizon, by component (EUR, mean across replications): acquisition, contacts (cost per contact × contacts per customer), marketing, and the rest of the cost to serve.",
      stackedBars(rows, "eur", "EUR per customer", "eur", "component", "component", null)
    );
    if (data.whale.length > 0) {
      chart(
        "whale-curve",
        "Whale curve: customers ranked from most to least profitable (horizon CLV); the curve is their cumulative share of total profit. A peak above 100 % means the least profitable customers destroy value.",
        {
          width: 520,
          height: 260,
          data: { values: data.whale },
          mark: "line",
          encoding: {
            x: { field: "customer_share", type: "quantitative", title: "customers, most profitable first (share)", axis: { format: "%" } },
            y: { field: "profit_share", type: "quantitative", title: "cumulative share of total profit", axis: { format: "%" } },
            color: strategyColor,
          },
        }
      );
    }
  }

  function explain() {
    if (!data.explain) return;
    const e = data.explain;
    section("Where " + e.target + " − " + e.baseline + " comes from (" + e.method + ")");
    const kpis = [...new Set(e.rows.map((r) => r.kpi))];
    const panels = kpis.map((kpi) => {
      let running = 0;
      const rows = [];
      e.rows
        .filter((r) => r.kpi === kpi)
        .forEach((r) => {
          if (r.term === "total") {
            rows.push({ term: "total", start: 0, end: r.mean, mean: r.mean, half_width: r.half_width, kind: "total" });
            return;
          }
          rows.push({ term: r.term, start: running, end: running + r.mean, mean: r.mean, half_width: r.half_width, kind: r.mean >= 0 ? "adds" : "takes away" });
          running += r.mean;
        });
      const order = rows.filter((r) => r.term !== "total").map((r) => r.term).concat(["total"]);
      return {
        title: label(kpi),
        width: { step: 34 },
        height: 200,
        data: { values: rows },
        mark: "bar",
        encoding: {
          x: { field: "term", type: "nominal", sort: order, title: null, axis: { labelAngle: -40 } },
          y: { field: "start", type: "quantitative", title: "difference" },
          y2: { field: "end" },
          color: { field: "kind", type: "nominal", title: null, scale: { domain: ["adds", "takes away", "total"], range: ["#3b8a5a", "#c4453c", "#4a6fa5"] } },
          tooltip: [{ field: "term" }, { field: "mean", format: ",.3~f" }, { field: "half_width", title: "95 % half-width", format: ",.3~f" }],
        },
      };
    });
    chart(
      "explain-waterfall",
      "Waterfall of the difference: the structural part (every chosen mechanism off), then each mechanism's part, stacked up to the total (last bar). Green adds to the difference, red takes away.",
      { columns: 2, concat: panels }
    );
  }

  function facts() {
    if (data.facts.length === 0) return;
    section("Stylised facts");
    const kinds = [
      ["in-sample", "In-sample: the built-in scenario was calibrated to these -- passing them shows the fit, not the model."],
      ["validation", "Validation: no calibration touched these -- the evidence."],
      ["input", "Inputs: these restate a scenario input, and prove nothing."],
    ];
    const rows = data.facts.map((f) =>
      Object.assign({}, f, {
        kind: f.kind || "validation",
        band_low: f.target - f.tolerance,
        band_high: f.target + f.tolerance,
        low: f.simulated - f.half_width,
        high: f.simulated + f.half_width,
        outcome: f.verdict || (f.pass === 1 ? "pass" : f.pass === 0 ? "fail" : "unavailable"),
      })
    );
    kinds.forEach(([kind, caption]) => {
      const these = rows.filter((f) => f.kind === kind);
      if (these.length === 0) return;
      const count = (outcome) => these.filter((f) => f.outcome === outcome).length;
      const available = these.length - count("unavailable");
      chart(
        "facts-" + kind,
        caption + " " + count("pass") + " of " + available + " pass, " + count("fail") + " fail, " + count("inconclusive") +
          " inconclusive. Each row: the grey band is the target ± tolerance, the point and rule the simulated mean and 95 % interval, coloured by verdict. Hover for the claim, source and any note.",
        {
          resolve: { scale: { x: "independent" } },
          facet: { row: { field: "id", type: "nominal", title: null, header: { labelAngle: 0, labelAlign: "left" } } },
          spacing: 2,
          data: { values: these },
          spec: {
            width: 420,
            height: 18,
            layer: [
              { mark: { type: "rect", color: "#d6dbe4" }, encoding: { x: { field: "band_low", type: "quantitative", title: null }, x2: { field: "band_high" } } },
              { mark: { type: "rule", strokeWidth: 2 }, encoding: { x: { field: "low", type: "quantitative" }, x2: { field: "high" }, color: { field: "outcome", type: "nominal", scale: { domain: ["pass", "fail", "inconclusive", "unavailable"], range: ["#3b8a5a", "#c4453c", "#d08c2a", "#999"] }, title: "verdict" } } },
              {
                mark: { type: "point", filled: true, size: 50 },
                encoding: {
                  x: { field: "simulated", type: "quantitative" },
                  color: { field: "outcome", type: "nominal" },
                  tooltip: [{ field: "id" }, { field: "kind" }, { field: "claim" }, { field: "source" }, { field: "strategy" }, { field: "kpi" }, { field: "target" }, { field: "tolerance" }, { field: "simulated", format: ",.4~f" }, { field: "verdict" }, { field: "conflict" }],
                },
              },
            ],
          },
        }
      );
    });
    const conflicts = rows.filter((f) => f.conflict);
    if (conflicts.length > 0) {
      main.appendChild(element("p", { class: "caption" }, "Why the model misses these (from this run's figures):"));
      const list = element("ul", { class: "caption" });
      conflicts.forEach((f) => list.appendChild(element("li", {}, f.id + " (" + f.kind + ", " + f.outcome + "): " + f.conflict)));
      main.appendChild(list);
    }
    if (data.not_modelled.length > 0) {
      main.appendChild(element("p", { class: "caption" }, "Not modelled: claims of the sources the model does not cover, and why."));
      const list = element("ul", { class: "caption" });
      data.not_modelled.forEach((c) => list.appendChild(element("li", {}, c.id + ": " + c.claim + " (" + c.source + ") -- " + c.reason)));
      main.appendChild(list);
    }
  }

  // The mean of the finite values (NaN comes through the JSON as null).
  function mean(values) {
    const finite = values.filter((v) => typeof v === "number" && Number.isFinite(v));
    return finite.length === 0 ? NaN : finite.reduce((a, b) => a + b, 0) / finite.length;
  }

  // A plain table: the header, then one row of cells per entry.
  function table(id, header, rows) {
    const node = element("table", { class: "scores", id: id });
    const head = element("tr");
    header.forEach((h) => head.appendChild(element("th", {}, h)));
    node.appendChild(head);
    rows.forEach((cells) => {
      const row = element("tr");
      cells.forEach((c) => row.appendChild(element("td", {}, String(c))));
      node.appendChild(row);
    });
    main.appendChild(node);
  }

  function percent(value) {
    if (!Number.isFinite(value)) return "n/a";
    return (value >= 0 ? "+" : "") + (100 * value).toFixed(1) + " %";
  }

  // omnisim score-clv: each model's bias, and predicted against actual
  // holdout purchases by calibration frequency.
  function clvScore() {
    if (data.clv_score.length === 0) return;
    section("CLV models against the simulated truth");
    main.appendChild(element("p", { class: "caption" },
      "Each model was fitted to the purchases up to the calibration's end and predicts the holdout; the bias is predicted / actual − 1 for the cohort's holdout purchases and discounted spend (its true CLV over the holdout), mean over the replications."));
    const keys = [...new Set(data.clv_score.map((r) => r.strategy + "|" + r.model))];
    table("clv-bias", ["strategy", "model", "customers", "purchases bias", "CLV bias"],
      keys.map((key) => {
        const rows = data.clv_score.filter((r) => r.strategy + "|" + r.model === key);
        return [rows[0].strategy, rows[0].model, Math.round(mean(rows.map((r) => r.customers))),
          percent(mean(rows.map((r) => r.purchases_bias))), percent(mean(rows.map((r) => r.clv_bias)))];
      }));
    const series = [];
    data.clv_bins.forEach((r) => {
      series.push({ strategy: r.strategy, bin: r.bin, series: r.model, purchases: r.predicted_mean });
      if (r.model === data.clv_bins[0].model) {
        series.push({ strategy: r.strategy, bin: r.bin, series: "actual", purchases: r.actual_mean });
      }
    });
    chart(
      "clv-holdout",
      "Holdout purchases per customer by the number of repeat purchases in calibration (7+ pooled): the black line is what the simulated customers did, the others what each model predicted (Fader, Hardie & Lee 2005, figure 4). Where a line leaves the black one, the model misjudges that group.",
      {
        data: { values: series },
        facet: { column: { field: "strategy", type: "nominal", title: null, sort: data.strategies } },
        spec: {
          width: 170,
          height: 160,
          mark: { type: "line", point: true },
          encoding: {
            x: { field: "bin", type: "ordinal", title: "repeat purchases in calibration", sort: ["0", "1", "2", "3", "4", "5", "6", "7+"] },
            y: { aggregate: "mean", field: "purchases", type: "quantitative", title: "holdout purchases per customer" },
            color: { field: "series", type: "nominal", title: null, scale: { domain: ["actual", "bg/nbd", "mbg/nbd", "pareto/nbd"], range: ["#000", "#4c78a8", "#f58518", "#54a24b"] } },
            tooltip: [{ field: "strategy" }, { field: "series" }, { field: "bin" }, { aggregate: "mean", field: "purchases", format: ".3f", title: "purchases" }],
          },
        },
      }
    );
  }

  // omnisim attribute: each method's credit next to the counterfactual truth.
  function attribution() {
    if (data.attribution.length === 0) return;
    section("Attribution against the truth");
    main.appendChild(element("p", { class: "caption" },
      "Share of each strategy's journey conversions that each method credits to a channel, and the truth: the conversions lost when the same customers live the run with that channel closed. Credits add up to 100 %; the truth need not (channels substitute for each other, and a channel can cost conversions: a negative truth)."));
    const methods = ["first_touch", "last_touch", "linear", "markov", "true_incremental"];
    table("attribution-table", ["strategy", "channel", "first touch", "last touch", "linear", "markov", "truth"],
      data.attribution.map((r) => [r.strategy, r.channel].concat(methods.map((m) =>
        r.conversions > 0 ? (100 * r[m] / r.conversions).toFixed(1) + " %" : "n/a"))));
    const rows = [];
    data.attribution.filter((r) => r.conversions > 0).forEach((r) => methods.forEach((m) =>
      rows.push({ strategy: r.strategy, channel: r.channel, method: m === "true_incremental" ? "truth" : m.replace("_", " "), share: r[m] / r.conversions })));
    chart(
      "attribution",
      "Each channel's credited share of the conversions by method, with the truth (black) beside them: a method is right where its bar matches the black one.",
      {
        data: { values: rows },
        facet: { column: { field: "strategy", type: "nominal", title: null, sort: data.strategies } },
        spec: {
          width: 150,
          height: { step: 9 },
          mark: "bar",
          encoding: {
            y: { field: "channel", type: "nominal", title: null },
            yOffset: { field: "method", type: "nominal", sort: ["first touch", "last touch", "linear", "markov", "truth"] },
            x: { field: "share", type: "quantitative", title: "share of conversions", axis: { format: "%" } },
            color: { field: "method", type: "nominal", title: null, scale: { domain: ["first touch", "last touch", "linear", "markov", "truth"], range: ["#9ecae9", "#4c78a8", "#f58518", "#54a24b", "#000"] } },
            tooltip: [{ field: "strategy" }, { field: "channel" }, { field: "method" }, { field: "share", format: ".1%" }],
          },
        },
      }
    );
  }

  function provenance() {
    const p = data.provenance;
    document.getElementById("subtitle").textContent =
      data.source + " · " + p.command + " · " + data.strategies.length + " strateg" + (data.strategies.length === 1 ? "y" : "ies") +
      " × " + p.replications + " replications × " + p.customers + " customers · seed " + p.seed;
    const list = document.getElementById("provenance-list");
    Object.entries(p).forEach(([name, value]) => {
      list.appendChild(element("dt", {}, name));
      list.appendChild(element("dd", {}, Array.isArray(value) ? value.join(".") : String(value)));
    });
    document.getElementById("scenario").textContent = data.scenario;
  }

  function sweepProvenance() {
    const p = data.provenance;
    document.getElementById("subtitle").textContent =
      data.source + " · sweep · " + p.design + " design · " + p.points_done + " of " + p.points + " points × " +
      p.replications + " replications × " + data.strategies.length + " strategies · seed " + p.seed;
    const list = document.getElementById("provenance-list");
    Object.entries(p).forEach(([name, value]) => {
      list.appendChild(element("dt", {}, name));
      list.appendChild(element("dd", {}, String(value)));
    });
    document.getElementById("scenario").textContent =
      "# The sweep file\n" + data.sweep + "\n# The base scenario\n" + data.scenario;
  }

  // Each KPI's mean per strategy over ten bins of each parameter's range,
  // the other parameters varying: a KPI chosen from a list under the chart.
  function mainEffects() {
    section("Main effects");
    chart(
      "main-effects",
      "Each KPI's mean per strategy over ten equal bins of each parameter's range, the other parameters varying " +
        "across the design: the steeper the line, the more the parameter alone moves the KPI. Choose the KPI under the charts.",
      {
        data: { values: data.main_effects },
        params: [
          {
            name: "kpi",
            value: data.kpis[0].kpi,
            bind: { input: "select", options: data.kpis.map((k) => k.kpi), name: "KPI " },
          },
        ],
        transform: [{ filter: "datum.kpi === kpi" }],
        facet: { field: "parameter", type: "nominal", title: null, sort: data.parameters },
        columns: Math.min(3, data.parameters.length),
        spec: {
          width: 250,
          height: 170,
          mark: { type: "line", point: true },
          encoding: {
            x: { field: "value", type: "quantitative", title: "parameter value (bin mean)", scale: { zero: false } },
            y: { field: "mean", type: "quantitative", title: "KPI mean", scale: { zero: false } },
            color: strategyColor,
            tooltip: [
              { field: "parameter" },
              { field: "strategy" },
              { field: "value", format: ",.4~g" },
              { field: "mean", format: ",.4~g" },
              { field: "points" },
            ],
          },
        },
        resolve: { scale: { x: "independent", y: "independent" } },
      }
    );
  }

  // The difference of the first two strategies over the two parameters that
  // move it most, one map per KPI.
  function differenceMaps() {
    if (data.difference_maps.length === 0) return;
    const [a, b] = data.strategies;
    section(a + " − " + b + " where the parameters take it");
    data.difference_maps.forEach((m, i) => {
      const extent = Math.max(1e-12, ...m.cells.map((c) => Math.abs(c.difference || 0)));
      const y = m.y === null ? {} : {
        y: { field: "y_label", type: "ordinal", sort: { field: "y_bin", order: "descending" }, title: m.y },
      };
      chart(
        "difference-map-" + i,
        label(m.kpi) + ": the mean of " + a + " − " + b + " (paired, same customers) over the two parameters that move it most " +
          "(" + m.x + ": " + Math.round(100 * m.x_influence) + " % of its variance between its bins beyond chance" +
          (m.y === null ? "" : "; " + m.y + ": " + Math.round(100 * m.y_influence) + " %") +
          "). Blue: " + a + " ahead; red: " + b + " ahead; grey: no point of the design there.",
        {
          data: { values: m.cells },
          view: { fill: "#e4e4e4" },
          width: 360,
          height: 260,
          mark: "rect",
          encoding: Object.assign(
            {
              x: { field: "x_label", type: "ordinal", sort: { field: "x_bin" }, title: m.x, axis: { labelAngle: -30 } },
              color: {
                field: "difference",
                type: "quantitative",
                title: a + " − " + b + " (" + unitOf(m.kpi) + ")",
                scale: { scheme: "redblue", domain: [-extent, extent] },
              },
              tooltip: [
                { field: "x_value", title: m.x, format: ",.4~g" },
                { field: "y_value", title: m.y || "", format: ",.4~g" },
                { field: "difference", format: ",.4~g" },
                { field: "points" },
              ],
            },
            y
          ),
        }
      );
    });
  }

  if (data.kind === "sweep") {
    sweepProvenance();
    mainEffects();
    differenceMaps();
  } else {
    provenance();
    headline();
    explain();
    retention();
    timeseries();
    channelUse();
    costToServe();
    facts();
    clvScore();
    attribution();
  }
  Promise.allSettled(pending).then((results) => {
    const failed = results.filter((r) => r.status === "rejected");
    if (failed.length > 0) document.body.dataset.chartErrors = String(failed.length);
    document.body.dataset.chartsRendered = String(results.length - failed.length);
  });
})();
