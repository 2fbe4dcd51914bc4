// omnisim report: builds the page's sections and Vega-Lite charts from the
// JSON that `omnisim report` embedded (analysis/report/report_data.hpp).
// Every chart is drawn by vega-embed as SVG; when all have rendered, the
// body gets data-charts-rendered (a count) for the browser test, or
// data-chart-errors if any failed.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("omnisim-data").textContent);
  let main = document.getElementById("report");  // where sections go (a <details> for a while)
  const pending = [];
  const kpiInfo = Object.fromEntries(data.kpis.map((k) => [k.kpi, k]));
  // A strategy's colour is its place in the scenario's list of strategies
  // (Tableau 10), so it is the same in every report of a scenario, however
  // many strategies a file holds; categories that are not strategies
  // (shopper groups, cost components, waterfall terms) take other colours.
  const strategyPalette = ["#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2", "#b279a2", "#eeca3b", "#9d755d", "#ff9da6", "#bab0ac"];
  const partPalette = ["#1f3b4d", "#3e7c87", "#8fbcb1", "#c9ddd3", "#6b6b6b", "#a3a3a3", "#d4d4d4"];
  const info = data.strategy_info || [];
  const scenarioOrder = info.length > 0 ? info.map((x) => x.strategy) : data.strategies;
  const strategyLabels = Object.fromEntries(info.map((x) => [x.strategy, x.label]));
  const strategyDescriptions = Object.fromEntries(info.map((x) => [x.strategy, x.description]));
  function colourOf(strategy) {
    const i = scenarioOrder.indexOf(strategy);
    return i < 0 ? "#888888" : strategyPalette[i % strategyPalette.length];
  }
  function labelOf(strategy) {
    return strategyLabels[strategy] || strategy;
  }
  // A Vega expression showing a strategy's label for its name (axes, legends).
  const labelExpr = "[" + data.strategies.map((s) => JSON.stringify(labelOf(s))).join(",") + "][indexof(" +
    JSON.stringify(data.strategies) + ", datum.value)] || datum.value";
  const strategyColor = {
    field: "strategy",
    type: "nominal",
    title: "strategy",
    scale: { domain: data.strategies, range: data.strategies.map(colourOf) },
    legend: { labelExpr: labelExpr },
  };
  function partColor(field, title, order) {
    const domain = order || [];
    return Object.assign({ field: field, type: "nominal", title: title, scale: order ? { domain: domain, range: partPalette.slice(0, domain.length) } : { range: partPalette } },
      order ? { sort: order } : {});
  }
  // Vega views by chart id, for the browser test to read what each drew.
  window.omnisimCharts = {};

  function element(tag, attributes, text) {
    const node = document.createElement(tag);
    Object.entries(attributes || {}).forEach(([name, value]) => node.setAttribute(name, value));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function section(title) {
    main.appendChild(element("h2", {}, title));
  }

  // Sections that validate the model rather than answer the question go,
  // folded, under one heading at the bottom.
  function folded(id, summary, build) {
    const details = element("details", { id: id });
    details.appendChild(element("summary", {}, summary));
    const outer = main;
    outer.appendChild(details);
    main = details;
    try {
      build();
    } finally {
      main = outer;
    }
    if (details.childElementCount === 1) details.remove();
  }

  // A chart with its one-line caption saying how to read it.
  function chart(id, caption, spec) {
    main.appendChild(element("p", { class: "caption" }, caption));
    const container = element("div", { class: "chart", id: id, "data-chart": id });
    main.appendChild(container);
    // No label or title is cut short: a long strategy label wraps the
    // layout instead (the browser test checks that nothing overflows).
    const config = {
      view: { stroke: null },
      axis: { labelLimit: 0, titleLimit: 0 },
      legend: { labelLimit: 0, titleLimit: 0, symbolOpacity: 1 },
      header: { labelLimit: 0 },
    };
    const full = Object.assign({ $schema: "https://vega.github.io/schema/vega-lite/v6.json", config: config }, spec);
    pending.push(
      vegaEmbed(container, full, { renderer: "svg", actions: false }).then((result) => {
        window.omnisimCharts[id] = result;
        return result;
      }).catch((error) => {
        container.appendChild(element("p", { class: "error" }, "chart failed: " + error));
        throw error;
      })
    );
  }

  function label(kpi) {
    const info = kpiInfo[kpi];
    if (!info) return kpi;
    const unit = info.unit === "share" ? "%" : info.unit;
    return info.label + " (" + unit + ")";
  }

  function summaryOf(kpi) {
    return data.summary.filter((row) => row.kpi === kpi);
  }

  function unitOf(kpi) {
    const info = kpiInfo[kpi];
    return info ? info.unit : "";
  }

  // Mean as a bar per strategy (a point for a difference, around a dashed
  // zero line) with its 95 % interval as a rule; the y axis carries the unit.
  function intervalBars(rows, title, unit, difference) {
    const x = { field: "strategy", type: "nominal", sort: data.strategies, title: null, axis: { labelAngle: -30, labelExpr: labelExpr } };
    const share = unit === "share";
    const number = share ? ".2%" : ",.4~f";
    const layers = [
      {
        mark: difference ? { type: "point", filled: true, size: 60 } : { type: "bar", opacity: 0.85 },
        encoding: {
          x: x,
          y: Object.assign({ field: "mean", type: "quantitative", title: share ? "%" : unit, scale: { zero: !difference } },
            share ? { axis: { format: "%" } } : {}),
          color: Object.assign({}, strategyColor, { legend: null }),
          tooltip: [
            { field: "strategy" },
            { field: "mean", format: number },
            { field: "low", title: "95 % low", format: number },
            { field: "high", title: "95 % high", format: number },
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
        y: { field: "strategy", type: "nominal", sort: data.strategies, title: null, axis: { labelExpr: labelExpr } },
        x: Object.assign({ field: valueField, type: "quantitative", title: valueTitle, stack: "zero" }, format === "%" ? { axis: { format: "%" } } : {}),
        color: partColor(part, partTitle, partOrder),
        tooltip: [{ field: "strategy" }, { field: part }, { field: valueField, format: format === "%" ? ".1%" : ",.2f" }],
      },
    };
  }

  // A mean ± half-width to the digits its interval supports: two
  // significant digits of the half-width, the mean to the same place (as
  // the terminal's verdict); shares in percent. `bare`: no unit after it
  // (a table whose row names the unit).
  function estimate(mean, halfWidth, unit, sign, bare) {
    if (mean === null || mean === undefined || !Number.isFinite(mean)) return "n/a";
    const scale = unit === "share" ? 100 : 1;
    const hw = Number.isFinite(halfWidth) ? Math.abs(halfWidth * scale) : NaN;
    const decimals = hw > 0 ? Math.min(4, Math.max(0, 1 - Math.floor(Math.log10(hw)))) : 2;
    const m = mean * scale;
    let text = (sign && m > 0 ? "+" : "") + m.toFixed(decimals);
    if (Number.isFinite(hw)) text += " ± " + hw.toFixed(decimals);
    if (bare) return text;
    return text + (unit === "share" ? " %" : unit === "EUR" ? " EUR" : "");
  }

  // What a strategist reads first: compare's verdict (/ranking) -- the
  // strategies ranked on the scenario's objective, each one's paired
  // difference to the best, the ties and why -- then the break-even fixed
  // costs.
  function verdict() {
    if (!data.ranking || data.ranking.rows.length === 0) return;
    const r = data.ranking;
    const rows = r.rows;
    const unit = r.unit === "share" ? "%" : r.unit;
    section("Verdict: which strategy wins, by how much, how sure");
    const tied = rows.slice(1).filter((x) => x.tied === 1).map((x) => labelOf(x.strategy));
    main.appendChild(element("p", { class: "verdict", id: "verdict-sentence" },
      labelOf(rows[0].strategy) + " ranks first on " + r.objective + " (" + (r.goal === "maximise" ? "higher" : "lower") +
      " is better)" + (tied.length > 0 ? ", statistically tied with " + tied.join(", ") +
      " (their difference's 95 % interval includes 0)" : ", ahead of every other strategy beyond its 95 % interval") + "."));
    const side = element("div", { class: "side-by-side" });
    main.appendChild(side);
    const outer = main;
    main = element("div");
    side.appendChild(main);
    table("verdict-table", ["rank", "strategy", "value (" + unit + ")", "to the best", ""],
      rows.map((x, i) => [i + 1, labelOf(x.strategy), estimate(x.value, x.value_half_width, r.unit, false, true),
        i === 0 ? "(best)" : estimate(x.to_best, x.to_best_half_width, r.unit, true, true), x.tied === 1 ? "tied" : ""]),
      rows.map((x) => x.strategy));
    if (data.break_even.length > 0) {
      main = element("div");
      side.appendChild(main);
      table("break-even", ["strategy", "fixed cost as run", "break-even fixed cost"],
        data.break_even.map((x) => [labelOf(x.strategy), x.fixed_cost_eur_per_customer_year.toFixed(2),
          x.strategy === data.baseline ? "(baseline)" : estimate(x.break_even_eur_per_customer_year, x.half_width, "", false, true)]),
        data.break_even.map((x) => x.strategy));
    }
    main = outer;
    const reasons = element("ul", { id: "verdict-reasons" });
    rows.forEach((x) => {
      const item = element("li", { "data-strategy": x.strategy });
      item.appendChild(element("b", {}, labelOf(x.strategy)));
      item.appendChild(document.createTextNode(": " + x.reason + "."));
      reasons.appendChild(item);
    });
    main.appendChild(reasons);
    main.appendChild(element("p", { class: "caption" },
      "Value and difference: mean ± 95 % half-width across replications; \"tied\": the paired difference's interval includes 0. " +
      r.objective + ": " + r.description + "." +
      (data.break_even.length > 0 ? " Fixed costs in EUR per customer-year; break-even: the fixed cost at which a strategy's net " +
        "lifetime value per prospect would equal " + labelOf(data.baseline) + "'s (the fixed cost changes no behaviour, so one run tells)." : "")));
    main.appendChild(element("p", { class: "caption" },
      "Horizon CLV counts the simulated years; lifetime CLV adds what the customers alive at the horizon are still worth " +
      "(simulated on until the discounted rest is negligible). Net values charge acquisition to customers won during the " +
      "horizon; the day-0 base's acquisition is sunk."));
  }

  // omnisim report --against BASELINE.h5: the scenario keys that differ,
  // what they did to the verdict and to each headline KPI.
  function against() {
    if (!data.against) return;
    const a = data.against;
    section("What changed against " + a.source);
    if (a.verdict) {
      const v = a.verdict;
      main.appendChild(element("p", { class: "verdict", id: "against-verdict" }, v.first_changed
        ? "The verdict changed: " + labelOf(v.after[0]) + " ranks first on " + v.objective + " here; in " + a.source + ", " + labelOf(v.before[0]) + " did."
        : "The verdict holds: " + labelOf(v.after[0]) + " ranks first on " + v.objective + " in both" +
          (v.order_changed ? " (the order behind it changed: here " + v.after.map(labelOf).join(" > ") + ", there " + v.before.map(labelOf).join(" > ") + ")" : "") + "."));
    }
    if (a.changes.length === 0) {
      main.appendChild(element("p", { class: "caption", id: "against-changes" }, "The two scenarios are the same: any difference comes from the seed or the build."));
    } else {
      table("against-changes", ["scenario key", "in " + a.source, "here"],
        a.changes.map((c) => [c.key, c.before || "(absent)", c.after || "(absent)"]), a.changes.map((c) => c.key));
    }
    const node = element("table", { class: "scores", id: "against-kpis" });
    const head = element("tr");
    head.appendChild(element("th", {}, "headline KPI: here (change ± 95 % half-width)"));
    a.strategies.forEach((s) => head.appendChild(element("th", {}, labelOf(s))));
    node.appendChild(head);
    [...new Set(a.kpis.map((r) => r.kpi))].forEach((kpi) => {
      const row = element("tr", { "data-kpi": kpi });
      row.appendChild(element("td", {}, label(kpi)));
      a.strategies.forEach((s) => {
        const r = a.kpis.find((x) => x.kpi === kpi && x.strategy === s);
        if (!r) return row.appendChild(element("td", {}, "n/a"));
        const change = estimate(r.change, r.change_half_width, unitOf(kpi), true, true);
        const decimals = (change.split(" ")[0].split(".")[1] || "").length;
        const here = r.after === null ? "n/a" : (unitOf(kpi) === "share" ? 100 * r.after : r.after).toFixed(decimals);
        row.appendChild(element("td", Object.assign({ title: "in " + a.source + ": " + r.before },
          r.beyond ? { class: effect(kpi, r.change) } : {}), here + " (" + change + ")"));
      });
      node.appendChild(row);
    });
    main.appendChild(node);
    main.appendChild(element("p", { class: "caption" },
      "Shaded: a change beyond its 95 % interval (green better for the firm, red worse, grey a descriptive KPI). " +
      "The interval treats the two runs as independent, which overstates it when they drew the same customers (the same seed)."));
  }

  // omnisim report compare.h5 --sweep SWEEP.h5: the winner at each point of
  // the sweep, and (omnisim verdict's analysis) this file's winner against
  // its best rival: where it stays ahead, and each parameter's break-even.
  function verdictFlips() {
    if (!data.verdict_flips) return;
    const f = data.verdict_flips;
    section("Where the verdict flips (" + f.source + ")");
    const total = f.wins.reduce((n, w) => n + w.points, 0);
    const mine = (f.wins.find((w) => w.strategy === f.winner) || { points: 0 }).points;
    const others = f.wins.filter((w) => w.strategy !== f.winner && w.points > 0).map((w) => labelOf(w.strategy) + " at " + w.points);
    const c = f.contrast;
    main.appendChild(element("p", { class: "verdict", id: "verdict-flips-sentence" },
      labelOf(f.winner) + (f.winner_is_first ? " (first here)" : " (the best-ranked here of the strategies the sweep ran)") +
      " has the highest mean " + f.objective + " at " + mine + " of the sweep's " + total + " points" +
      (others.length > 0 ? "; " + others.join(", ") : "") + "." +
      (c ? " Against its best rival, paired on the same customers, it is ahead beyond the 95 % interval at " + c.above +
        " points and behind at " + c.below + " of " + c.points + "." : "")));
    const winners = [...new Set(f.points.map((p) => p.winner))];
    chart(
      "verdict-flips",
      "Each point of the sweep on " + (f.y === null ? "the parameter" : "the two parameters") + " that move " + labelOf(f.winner) +
        "'s lead most, coloured by the strategy with the highest mean there (its replications' mean; a point is not a verdict, the counts above are).",
      {
        width: 420,
        height: f.y === null ? 60 : 300,
        data: { values: f.points },
        mark: { type: "point", filled: true, size: 60 },
        encoding: Object.assign({
          x: { field: "x", type: "quantitative", title: f.x, scale: { zero: false } },
          color: { field: "winner", type: "nominal", title: "highest mean", scale: { domain: winners, range: winners.map(colourOf) }, legend: { labelExpr: labelExpr } },
          tooltip: [{ field: "point" }, { field: "winner" }, { field: "x", title: f.x, format: ",.4~g" }].concat(f.y === null ? [] : [{ field: "y", title: f.y, format: ",.4~g" }]),
        }, f.y === null ? {} : { y: { field: "y", type: "quantitative", title: f.y, scale: { zero: false } } }),
      }
    );
    const side = element("div", { class: "side-by-side" });
    main.appendChild(side);
    const outer = main;
    main = element("div");
    side.appendChild(main);
    table("verdict-wins", ["strategy", "points with the highest mean"], f.wins.map((w) => [labelOf(w.strategy), w.points]), f.wins.map((w) => w.strategy));
    if (c) {
      main = element("div");
      side.appendChild(main);
      table("verdict-break-even", ["parameter", "range swept", "effect on " + c.label + " over the range", "break-even value"],
        c.parameters.map((p) => [p.parameter, p.low.toPrecision(3) + " to " + p.high.toPrecision(3),
          p.effect === null ? "n/a" : (p.effect > 0 ? "+" : "") + p.effect.toPrecision(3),
          p.break_even === null ? "(none in range)" : p.break_even.toPrecision(3)]), c.parameters.map((p) => p.parameter));
      main.appendChild(element("p", { class: "caption" },
        "A least-squares plane over the points (omnisim verdict): each parameter's effect from the low to the high end of its range, " +
        "and the value where the lead crosses 0 with the other parameters at the centres of their ranges."));
    }
    main = outer;
  }

  // The strategies as the scenario describes them.
  function strategies() {
    if (info.length === 0) return;
    const list = element("dl", { id: "strategies" });
    data.strategies.forEach((s) => {
      list.appendChild(element("dt", { style: "color:" + colourOf(s) + ";font-weight:600" }, labelOf(s)));
      list.appendChild(element("dd", {}, (s !== labelOf(s) ? "[" + s + "] " : "") + (strategyDescriptions[s] || "")));
    });
    main.appendChild(list);
  }

  function headline() {
    const charted = data.headline.slice(0, data.headline_charts);
    section("Headline KPIs");
    strategies();
    const table = element("table", { id: "headline-table" });
    const head = element("tr");
    head.appendChild(element("th", {}, "KPI (mean ± 95 % half-width across replications)"));
    data.strategies.forEach((s) => head.appendChild(element("th", { "data-strategy": s }, labelOf(s) + (s === data.baseline ? " (baseline)" : ""))));
    table.appendChild(head);
    data.headline.forEach((kpi) => {
      const row = element("tr", { "data-kpi": kpi });
      row.appendChild(element("td", { title: (kpiInfo[kpi] || {}).description || "" }, label(kpi)));
      data.strategies.forEach((s) => {
        const cell = summaryOf(kpi).find((r) => r.strategy === s);
        row.appendChild(element("td", {}, cell ? estimate(cell.mean, cell.half_width, unitOf(kpi), false, true) : "n/a"));
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
          // The axis ends where the data do (no "nice" month 40 for 36 months).
          x: { field: "month", type: "quantitative", title: "age (months since acquisition)",
            scale: { domain: [0, Math.max(...data.retention.map((r) => r.month))], nice: false } },
          color: strategyColor,
        },
        // The line first: the legend's swatches take the first layer's look.
        layer: [
          { mark: "line", encoding: { y: { field: "mean", type: "quantitative", title: "alive (%)", axis: { format: "%" } } } },
          { mark: { type: "area", opacity: 0.15 }, encoding: { y: { field: "low", type: "quantitative" }, y2: { field: "high" } } },
        ],
      }
    );
  }

  // Flows (revenue, cost) as per-day rates over each reporting period, so a
  // last period shorter than the others (day 1095 of 30-day periods) does
  // not dip; the stock (active customers) as it stands at the period's end.
  function timeseries() {
    if (data.timeseries.length === 0) return;
    section("Over time");
    const ends = [...new Set(data.timeseries.map((r) => r.period_end_day))].sort((a, b) => a - b);
    const days = Object.fromEntries(ends.map((end, i) => [end, end - (i === 0 ? 0 : ends[i - 1])]));
    const panels = [
      ["revenue_eur", "revenue per day (EUR)", true],
      ["active_customers", "active customers at period end", false],
      ["cost_eur", "cost per day (EUR)", true],
    ];
    chart(
      "timeseries",
      "Revenue and cost per day over each reporting period, and the active customers at its end, by strategy: the line is the mean across replications, the band its 95 % interval; x is the period's last day.",
      {
        columns: 3,
        concat: panels.map(([series, title, flow]) => ({
          title: title,
          width: 230,
          height: 200,
          data: {
            values: data.timeseries.filter((r) => r.series === series).map((r) => {
              const per = flow ? days[r.period_end_day] : 1;
              return Object.assign({}, r, { days: per, mean: r.mean / per, low: r.low / per, high: r.high / per });
            }),
          },
          encoding: {
            x: { field: "period_end_day", type: "quantitative", title: "simulated day", scale: { domain: [0, ends[ends.length - 1]], nice: false } },
            color: strategyColor,
          },
          layer: [
            { mark: "line", encoding: { y: { field: "mean", type: "quantitative", title: title } } },
            { mark: { type: "area", opacity: 0.15 }, encoding: { y: { field: "low", type: "quantitative" }, y2: { field: "high" } } },
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
      "How shoppers split between online only, store only and several channels (mean share of shoppers); the bars of a strategy need not reach 100 % when some shoppers used neither web nor store.",
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

  // Good or bad for the firm by the KPI's direction: a cost that rises is red.
  function effect(kpi, change) {
    const better = (kpiInfo[kpi] || {}).better || "higher";
    if (better === "neither") return change >= 0 ? "raises" : "lowers";
    return (change >= 0) === (better === "higher") ? "better" : "worse";
  }

  function explain() {
    if (!data.explain) return;
    const e = data.explain;
    section("Where " + labelOf(e.target) + " − " + labelOf(e.baseline) + " comes from (" + e.method + ")");
    const kpis = [...new Set(e.rows.map((r) => r.kpi))];
    const panels = kpis.map((kpi) => {
      let running = 0;
      const rows = [];
      e.rows
        .filter((r) => r.kpi === kpi)
        .forEach((r) => {
          if (r.term === "total") {
            rows.push({ kpi: kpi, term: "total", start: 0, end: r.mean, mean: r.mean, half_width: r.half_width, kind: "total" });
            return;
          }
          rows.push({ kpi: kpi, term: r.term, start: running, end: running + r.mean, mean: r.mean, half_width: r.half_width, kind: effect(kpi, r.mean) });
          running += r.mean;
        });
      const order = rows.filter((r) => r.term !== "total").map((r) => r.term).concat(["total"]);
      // Headroom: the domain spans every bar and zero, plus 8 % each side.
      const ends = rows.flatMap((r) => [r.start, r.end]).concat([0]);
      const low = Math.min(...ends), high = Math.max(...ends), pad = 0.08 * (high - low || 1);
      return {
        title: label(kpi),
        width: { step: 34 },
        height: 200,
        data: { values: rows },
        mark: "bar",
        encoding: {
          x: { field: "term", type: "nominal", sort: order, title: null, axis: { labelAngle: -40 } },
          y: Object.assign({ field: "start", type: "quantitative", title: "difference", scale: { domain: [low - pad, high + pad], nice: false } },
            unitOf(kpi) === "share" ? { axis: { format: "%" } } : {}),
          y2: { field: "end" },
          color: { field: "kind", type: "nominal", title: null, scale: { domain: ["better", "worse", "raises", "lowers", "total"], range: ["#3b8a5a", "#c4453c", "#8fbcb1", "#a3a3a3", "#1f3b4d"] } },
          tooltip: [{ field: "term" }, { field: "mean", format: ",.3~f" }, { field: "half_width", title: "95 % half-width", format: ",.3~f" }],
        },
      };
    });
    const terms = new Set(e.rows.map((r) => r.term)).size;
    chart(
      "explain-waterfall",
      "Waterfall of the difference: the structural part (every chosen mechanism off), then each mechanism's part, stacked up to the total (last bar). Green: better for the firm on that KPI (more value, or less cost); red: worse; grey-green and grey: a descriptive KPI raised or lowered.",
      { columns: terms > 9 ? 1 : 2, concat: panels }
    );
  }

  function facts() {
    if (data.facts.length === 0) return;
    section("Stylised facts");
    main.appendChild(element("p", { class: "caption" },
      "These test the model, not the strategies: in-sample facts were used to calibrate the built-in scenario, validation facts were not."));
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
          spacing: 8,
          data: { values: these },
          spec: {
            width: 420,
            height: 18,
            layer: [
              // Few ticks and no overlapping labels: each row has its own scale.
              { mark: { type: "rect", color: "#d6dbe4" }, encoding: { x: { field: "band_low", type: "quantitative", title: null, axis: { tickCount: 4, labelOverlap: "greedy", labelFontSize: 9 } }, x2: { field: "band_high" } } },
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
  // `keys`: each row's data-key (the strategy it is about, for the test).
  function table(id, header, rows, keys) {
    const node = element("table", { class: "scores", id: id });
    const head = element("tr");
    header.forEach((h) => head.appendChild(element("th", {}, h)));
    node.appendChild(head);
    rows.forEach((cells, i) => {
      const row = element("tr", keys ? { "data-key": keys[i] } : {});
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
        facet: { field: "strategy", type: "nominal", title: null, sort: data.strategies, header: { labelExpr: labelExpr } },
        columns: 3,
        spec: {
          width: 220,
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
        facet: { field: "strategy", type: "nominal", title: null, sort: data.strategies, header: { labelExpr: labelExpr } },
        columns: 3,
        spec: {
          width: 220,
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

  // Each output's sensitivity indices with their 95 % intervals (omnisim
  // sensitivity's, by the method the design allows), one output at a time.
  function sensitivityIndices() {
    if (!data.sensitivity || data.sensitivity.length === 0) return;
    const outputs = [...new Set(data.sensitivity.map((r) => r.output))];
    const method = data.sensitivity[0].method;
    section("Sensitivity");
    const what = {
      sobol: "Sobol' indices: S1, the share of the output's variance a parameter carries alone; ST, with its interactions; S2, a pair's interaction",
      morris: "Morris's mu*: the mean absolute effect of a parameter over its whole range",
      regression: "SRC, the standardised regression coefficient (SRC² is the share of the variance when the fit is nearly linear), and PRCC, the partial rank correlation (monotone effects)",
    }[method];
    chart(
      "sensitivity",
      what + ", each with its 95 % bootstrap interval (200 resamples; omnisim sensitivity --csv gives 1,000). " +
        "Choose the output under the chart.",
      {
        data: { values: data.sensitivity },
        params: [{ name: "output", value: outputs[0], bind: { input: "select", options: outputs, name: "output " } }],
        transform: [{ filter: "datum.output === output" }],
        width: 480,
        height: { step: 22 },
        encoding: {
          y: { field: "parameter", type: "nominal", title: null, sort: null, axis: { labelLimit: 0 } },
          yOffset: { field: "index", type: "nominal" },
          color: { field: "index", type: "nominal", title: "index" },
        },
        layer: [
          { mark: { type: "rule" }, encoding: { x: { field: "low", type: "quantitative", title: "index" }, x2: { field: "high" } } },
          {
            mark: { type: "point", filled: true },
            encoding: {
              x: { field: "estimate", type: "quantitative" },
              tooltip: [
                { field: "key", title: "parameter" }, { field: "index" },
                { field: "estimate", format: ",.3f" }, { field: "low", format: ",.3f" }, { field: "high", format: ",.3f" },
              ],
            },
          },
        ],
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

  // A fit file (omnisim fit --predictions FILE.h5): the parameters with
  // their flags, the tracking curve and the holdout by frequency.
  const fitColours = { scale: { domain: ["actual", "bgnbd", "mbgnbd", "pnbd"], range: ["#000", "#4c78a8", "#f58518", "#54a24b"] } };
  function fitProvenance() {
    const p = data.provenance;
    document.getElementById("subtitle").textContent =
      data.source + " · fit of " + (p.transactions || "a transaction log") + " · time in " + (p.time_unit || "weeks");
    const list = document.getElementById("provenance-list");
    Object.entries(p).forEach(([name, value]) => {
      list.appendChild(element("dt", {}, name));
      list.appendChild(element("dd", {}, String(value)));
    });
    document.getElementById("scenario").textContent = "";
  }

  function fitParameters() {
    section("Fitted models");
    main.appendChild(element("p", { class: "caption" },
      "Maximum-likelihood estimates with standard errors. A model is flagged when its data do not identify it: a parameter at the edge of the search, a standard error undefined or larger than the estimate, or a ridge along which the log-likelihood hardly drops."));
    table("fit-parameters", ["model", "parameter", "estimate", "standard error", "log-likelihood", "customers", "condition number"],
      data.fits.map((r) => [r.model, r.parameter, r.value.toPrecision(6), r.standard_error === null ? "undefined" : r.standard_error.toPrecision(3),
        r.log_likelihood.toFixed(1), String(r.customers), r.condition_number === null ? "inf" : r.condition_number.toPrecision(3)]));
    if (data.fit_warnings.length > 0) {
      const list = element("ul", { id: "fit-warnings" });
      data.fit_warnings.forEach((w) => list.appendChild(element("li", { class: "error" }, w.model + " NOT IDENTIFIED: " + w.warning)));
      main.appendChild(list);
    }
  }

  function fitTracking() {
    if (data.tracking.length === 0) return;
    section("Tracking: cumulative repeat purchases");
    const unit = data.provenance.time_unit || "weeks";
    chart(
      "fit-tracking",
      "The cohort's cumulative repeat purchases by " + unit.replace(/s$/, "") + " since its first day: black what it did, the others what each model expects of customers acquired when they were (Fader, Hardie & Lee 2005, figure 2). The grey rule ends calibration; a line that leaves the black one after it misjudges how fast customers drop out.",
      {
        data: { values: data.tracking },
        width: 640,
        height: 300,
        layer: [
          {
            mark: { type: "line" },
            encoding: {
              x: { field: "unit", type: "quantitative", title: unit + " since the cohort's first day" },
              y: { field: "purchases", type: "quantitative", title: "cumulative repeat purchases" },
              color: Object.assign({ field: "series", type: "nominal", title: null }, fitColours),
              strokeDash: { condition: { test: "datum.series === 'actual'", value: [1, 0] }, value: [5, 3] },
              tooltip: [{ field: "series" }, { field: "unit" }, { field: "purchases", format: ",.0f" }],
            },
          },
          { data: { values: [{ at: data.calibration_units }] }, mark: { type: "rule", color: "#a3a3a3" }, encoding: { x: { field: "at", type: "quantitative" } } },
        ],
      }
    );
  }

  function fitHoldout() {
    if (data.holdout_by_frequency.length === 0) return;
    section("Holdout purchases by calibration frequency");
    chart(
      "fit-holdout",
      "Mean purchases per customer in the holdout by repeat purchases in calibration (7+ pooled): black what the customers did, the others each model's conditional expectation (Fader, Hardie & Lee 2005, figure 4).",
      {
        data: { values: data.holdout_by_frequency },
        width: 480,
        height: 260,
        mark: { type: "line", point: true },
        encoding: {
          x: { field: "frequency", type: "ordinal", title: "repeat purchases in calibration", sort: ["0", "1", "2", "3", "4", "5", "6", "7+"] },
          y: { field: "purchases", type: "quantitative", title: "holdout purchases per customer" },
          color: Object.assign({ field: "series", type: "nominal", title: null }, fitColours),
          tooltip: [{ field: "series" }, { field: "frequency" }, { field: "customers" }, { field: "purchases", format: ".3f" }],
        },
      }
    );
  }

  if (data.kind === "sweep") {
    sweepProvenance();
    mainEffects();
    sensitivityIndices();
    differenceMaps();
  } else if (data.kind === "fit") {
    fitProvenance();
    fitParameters();
    fitTracking();
    fitHoldout();
  } else {
    provenance();
    verdict();
    against();
    verdictFlips();
    headline();
    explain();
    retention();
    timeseries();
    channelUse();
    costToServe();
    clvScore();
    attribution();
    folded("model-validation", "Model validation: the stylised facts (in-sample, then validation) -- how far the model reproduces the published evidence", facts);
  }
  Promise.allSettled(pending).then((results) => {
    const failed = results.filter((r) => r.status === "rejected");
    if (failed.length > 0) document.body.dataset.chartErrors = String(failed.length);
    document.body.dataset.chartsRendered = String(results.length - failed.length);
  });
})();
