#!/usr/bin/env python3
"""omnisim report in a real browser: makes a compare report (with the
customers table), an explain report, a sweep report and a fit report (the CDNOW sample)
with the omnisim binary, opens each
in headless Chromium (Debian's chromium and chromium-driver, through
Selenium) with the network off, waits for the charts, and checks that every
expected chart drew marks, that no chart failed, that the page logged no
error and loaded nothing but itself; that what the charts draw is the
results file's values (each mark's position read back through its Vega
scale, against the file read with h5py), and that no text overflows its
card at 1280 and 1920 px. Saves a full-page screenshot of each, and the
compare report's first screen at 1280 x 800, as test artefacts.

Usage: browser_test.py OMNISIM_BINARY ARTEFACT_DIR
Prints "N passed, M failed" and exits non-zero on any failure."""
import os
import subprocess
import sys
import tempfile
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

omnisim, artefacts = sys.argv[1], sys.argv[2]
os.makedirs(artefacts, exist_ok=True)
failures = []
checks = 0


def check(condition, what):
    global checks
    checks += 1
    if not condition:
        failures.append(what)
        print("FAILED: " + what, flush=True)


def make_reports(directory):
    small = ["--customers", "400", "--replications", "3", "-q", "--force"]
    compare = os.path.join(directory, "compare.h5")
    subprocess.run([omnisim, "compare", "--customers-table", "--out", compare,
                    "--report", os.path.join(directory, "compare.html")] + small, check=True,
                   stdout=subprocess.DEVNULL)
    explain = os.path.join(directory, "explain.h5")
    subprocess.run([omnisim, "explain", "--method", "one-at-a-time", "--mechanisms",
                    "marketing,ropo", "--out", explain] + small, check=True,
                   stdout=subprocess.DEVNULL)
    # omnisim report, the command, for the explain file.
    subprocess.run([omnisim, "report", explain, "--out", os.path.join(directory, "explain.html"),
                    "-q"], check=True)
    # A sweep of 300 customers a run over an LHS design of the parameters
    # (key: (low, high)), written to NAME.h5.
    def sweep(name, points, strategies, kpis, parameters):
        text = ('design = "lhs"\npoints = %d\nreplications = 2\nstrategies = %s\nkpis = %s\n'
                '[fixed]\nsimulation.customers = 300\n' % (points, strategies, kpis))
        for key, (low, high) in parameters.items():
            text += '[[parameter]]\nkey = "%s"\nlow = %s\nhigh = %s\n' % (key, low, high)
        with open(os.path.join(directory, name + ".toml"), "w") as toml:
            toml.write(text)
        results = os.path.join(directory, name + ".h5")
        subprocess.run([omnisim, "sweep", os.path.join(directory, name + ".toml"), "-q", "--out",
                        results], check=True)
        return results

    # A sweep file's report: main effects and the strategy difference maps.
    sweep_results = sweep("sweep", 24, '["omnichannel", "multichannel"]',
                          '["clv_lifetime_net_eur", "retention_12m"]',
                          {"strategies.omnichannel.linkage": (0.3, 1.0),
                           "strategies.omnichannel.fixed_cost_eur_per_customer_year": (4, 30)})
    subprocess.run([omnisim, "report", sweep_results, "-q"], check=True)
    # Two compare files whose scenarios differ in one key: --against.
    edited = os.path.join(directory, "edited.h5")
    subprocess.run([omnisim, "compare", "--out", edited, "--set",
                    "strategies.omnichannel.linkage=0.5"] + small, check=True,
                   stdout=subprocess.DEVNULL)
    against = subprocess.run([omnisim, "report", edited, "--against", compare, "-q", "--out",
                              os.path.join(directory, "against.html")], check=True,
                             stdout=subprocess.PIPE, text=True).stdout
    check("strategies.omnichannel.linkage: 0.95 -> 0.5" in against,
          "report --against prints the changed key (" + against.splitlines()[1] + ")")
    # Where compare's verdict flips across a sweep that kept its objective.
    verdict = sweep("verdict", 16, '["omnichannel", "multichannel", "cross_channel"]',
                    '["clv_lifetime_net_per_prospect_eur"]',
                    {"strategies.omnichannel.fixed_cost_eur_per_customer_year": (4, 40),
                     "strategies.omnichannel.linkage": (0.2, 1.0)})
    subprocess.run([omnisim, "report", compare, "--sweep", verdict,
                    "-q", "--out", os.path.join(directory, "flips.html")], check=True)
    # The ground-truth scores: CLV models and attribution.
    scored = ["--customers", "1000", "--replications", "1", "-q", "--force"]
    for command in ("score-clv", "attribute"):
        subprocess.run([omnisim, command, "--out", os.path.join(directory, command + ".h5"),
                        "--report", os.path.join(directory, command + ".html")] + scored,
                       check=True, stdout=subprocess.DEVNULL)
    # A fit of the CDNOW sample with a holdout: the tracking and holdout charts.
    cdnow = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "cdnow",
                         "CDNOW_sample.txt")
    fit = os.path.join(directory, "fit.h5")
    subprocess.run([omnisim, "fit", cdnow, "--no-header", "--customer", "2", "--date", "3",
                    "--amount", "5", "--date-format", "yyyymmdd", "--calibration-end", "19970930",
                    "--holdout-end", "19980630", "--predictions", fit],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    subprocess.run([omnisim, "report", fit, "-q"], check=True)
    return {
        "fit": (os.path.join(directory, "fit.html"), ["fit-tracking", "fit-holdout"]),
        "score-clv": (os.path.join(directory, "score-clv.html"),
                      ["headline", "clv-holdout"]),
        "attribute": (os.path.join(directory, "attribute.html"),
                      ["headline", "attribution"]),
        "sweep": (os.path.join(directory, "sweep.html"),
                  ["main-effects", "difference-map-0", "difference-map-1"]),
        "compare": (os.path.join(directory, "compare.html"),
                    ["headline", "differences", "retention", "timeseries", "shopper-split",
                     "channels-per-shopper", "cost-to-serve", "whale-curve",
                     "facts-in-sample", "facts-validation", "facts-input"]),
        "explain": (os.path.join(directory, "explain.html"),
                    ["headline", "differences", "explain-waterfall", "retention", "timeseries"]),
        "against": (os.path.join(directory, "against.html"), ["headline", "retention"]),
        "flips": (os.path.join(directory, "flips.html"), ["verdict-flips", "headline"]),
    }


def browser():
    options = webdriver.ChromeOptions()
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,1000",
                     # No network: every host unresolvable, every request through a dead proxy.
                     "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=http://127.0.0.1:9"]:
        options.add_argument(argument)
    options.binary_location = "/usr/bin/chromium"
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", {
        "offline": True, "latency": 0, "downloadThroughput": 0, "uploadThroughput": 0})
    return driver


MARKS = ("svg g[class*='mark-'] path, svg g[class*='mark-'] line, "
         "svg g[class*='mark-'] rect, svg g[class*='mark-'] circle")


def check_page(driver, name, path, expected):
    driver.get("file://" + path)
    deadline = time.time() + 90
    state = {}
    while time.time() < deadline:
        state = driver.execute_script(
            "return {rendered: document.body.dataset.chartsRendered,"
            " errors: document.body.dataset.chartErrors};")
        if state.get("rendered") is not None:
            break
        time.sleep(0.2)
    check(state.get("rendered") is not None, name + ": the charts finished rendering")
    check(state.get("errors") is None, name + ": no chart failed (" + str(state.get("errors")) + ")")
    marks = driver.execute_script(
        "const out = {}; document.querySelectorAll('[data-chart]').forEach(c =>"
        " out[c.dataset.chart] = c.querySelectorAll(arguments[0]).length); return out;", MARKS)
    for chart in expected:
        check(marks.get(chart, 0) > 0,
              name + ": chart " + chart + " drew marks (" + str(marks.get(chart)) + ")")
    check(int(state.get("rendered") or 0) == len(marks),
          name + ": every chart on the page rendered (" + str(marks) + ")")
    resources = driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name);")
    check(resources == [], name + ": the page loaded nothing else " + str(resources))
    errors = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
    check(errors == [], name + ": the console logged no error " + str(errors))
    if name == "compare":
        # The first screen answers: the ranking, the ties, the break-even and the reasons.
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": False})
        inner = driver.execute_script("return window.innerHeight;")
        for part in ("#verdict-sentence", "#verdict-table", "#break-even", "#verdict-reasons"):
            bottom = driver.execute_script(
                "const e = document.querySelector(arguments[0]);"
                " return e ? e.getBoundingClientRect().bottom : null;", part)
            check(bottom is not None and bottom <= inner,
                  name + ": " + part + " is on the first screen (bottom " + str(bottom) +
                  " of " + str(inner) + " px)")
        driver.save_screenshot(os.path.join(artefacts, "report-compare-first-screen.png"))
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    height = driver.execute_script("return document.documentElement.scrollHeight;")
    driver.set_window_size(1280, min(int(height) + 40, 16000))
    shot = os.path.join(artefacts, "report-" + name + ".png")
    driver.save_screenshot(shot)
    check(os.path.getsize(shot) > 10000, name + ": screenshot saved to " + shot)
    print(name + ": " + str(len(marks)) + " charts, marks " + str(marks) + "; screenshot " + shot,
          flush=True)


# What each chart drew: for every mark item with a datum, its positions
# (x, x2, y, y2 and a rect's far edges) inverted through the scale its
# mark encodes them with (from the compiled Vega spec), so a chart that
# plots the wrong field shows the wrong values here.
DRAWN = """
const chart = window.omnisimCharts[arguments[0]];
const scales = {};
(function walk(marks) {
  (marks || []).forEach((m) => {
    const u = (m.encode && m.encode.update) || {};
    const pick = (channels) => {
      for (const c of channels) {
        const e = Array.isArray(u[c]) ? u[c].find((x) => x.scale) : u[c];
        if (e && e.scale) return e.scale;
      }
      return null;
    };
    if (m.name) scales[m.name] = { x: pick(["x", "x2"]), y: pick(["y", "y2"]) };
    walk(m.marks);
  });
})(chart.vgSpec.marks);
const invert = (name, pixels) => {
  if (!name) return [];
  const scale = chart.view.scale(name);
  if (!scale || !scale.invert || !["linear", "log", "pow", "sqrt", "symlog"].includes(scale.type)) return [];
  return pixels.filter((p) => Number.isFinite(p)).map((p) => scale.invert(p));
};
const out = [];
(function visit(mark) {
  if (mark.name && scales[mark.name]) {
    mark.items.forEach((item) => {
      if (!item.datum) return;
      const s = scales[mark.name];
      const rect = mark.marktype === "rect";
      out.push({
        mark: mark.name, type: mark.marktype, datum: item.datum,
        x: invert(s.x, [item.x, item.x2, rect ? item.x + item.width : NaN]),
        y: invert(s.y, [item.y, item.y2, rect ? item.y + item.height : NaN]),
      });
    });
  }
  mark.items.forEach((item) => (item.items || []).forEach(visit));
})(chart.view.scenegraph().root);
return out;
"""

# Every text of every chart inside its card, none cut short ("..."), no
# card scrolling sideways, no table wider than the page's column.
OVERFLOW = """
const bad = [];
document.querySelectorAll('details').forEach((d) => d.open = true);
document.querySelectorAll('.chart').forEach((card) => {
  const box = card.getBoundingClientRect();
  if (card.scrollWidth > card.clientWidth + 1) bad.push(card.id + ' scrolls sideways');
  card.querySelectorAll('svg text').forEach((t) => {
    const r = t.getBoundingClientRect();
    if (r.width === 0 || t.textContent === '') return;
    if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1)
      bad.push(card.id + ': "' + t.textContent + '" overflows its card');
    if (t.textContent.endsWith('\u2026')) bad.push(card.id + ': "' + t.textContent + '" is cut short');
  });
});
if (document.documentElement.scrollWidth > document.documentElement.clientWidth)
  bad.push('the page scrolls sideways (' + document.documentElement.scrollWidth + ' px)');
const column = document.getElementById('report').getBoundingClientRect();
document.querySelectorAll('#report table').forEach((t) => {
  if (t.getBoundingClientRect().right > column.right + 1) bad.push((t.id || 'a table') + ' is wider than the page');
});
return bad;
"""


def close(a, b, scale):
    return abs(a - b) <= 1e-6 * max(1.0, abs(scale))


def check_drawn(driver, name, chart, expected, field="y", what="mean"):
    """Every mark of `chart` whose datum `expected` knows (a function of the
    datum giving the file's value, or None) is drawn at that value."""
    items = driver.execute_script(DRAWN, chart)
    matched = 0
    for item in items:
        value = expected(item)
        if value is None:
            continue
        matched += 1
        drawn = item[field]
        check(any(close(d, value, value) for d in drawn),
              name + ": " + chart + " draws " + what + " " + repr(value) + " for " +
              str({k: v for k, v in item["datum"].items() if isinstance(v, str)}) +
              " (drawn at " + str(drawn) + ", mark " + item["mark"] + ")")
    check(matched > 0, name + ": " + chart + " has marks to read back (" + what + ")")
    return matched


def check_overflow(driver, name):
    for width in (1280, 1920):
        driver.set_window_size(width, 1000)
        bad = driver.execute_script(OVERFLOW)
        check(bad == [], name + ": at " + str(width) + " px nothing overflows " + str(bad[:8]))


def strings(dataset):
    return [x.decode() if isinstance(x, bytes) else str(x) for x in dataset[()]]


def shows(cell, value):
    """The page's "mean ± half-width" cell shows `value` to the digits it prints."""
    first = cell.split()[0].replace("+", "")
    decimals = len(first.split(".")[1]) if "." in first else 0
    return abs(float(first) - value) <= 0.5 * 10 ** -decimals + 1e-9


# A table's rows after the header: each row's data-key, then its cells' text.
ROWS = ("return [...document.querySelectorAll(arguments[0] + ' tr')].slice(1)"
        ".map(r => [r.dataset.key].concat([...r.cells].map(c => c.textContent)));")


def check_verdict(driver, results):
    """The verdict and break-even tables show the results file's values, in its order."""
    import h5py
    with h5py.File(results) as f:
        ranked = strings(f["ranking/strategy"])
        values = f["ranking/value"][()]
        to_best = f["ranking/to_best"][()]
        break_even_strategies = strings(f["break_even/strategy"])
        break_even = f["break_even/break_even_eur_per_customer_year"][()]
        baseline = f["break_even"].attrs["baseline"]
        baseline = baseline.decode() if isinstance(baseline, bytes) else str(baseline)
    rows = driver.execute_script(ROWS, "#verdict-table")
    check([r[0] for r in rows] == ranked, "compare: the verdict lists /ranking's strategies in "
          "order (" + str([r[1] for r in rows]) + ")")
    for i, row in enumerate(rows):
        check(shows(row[3], values[i]), "compare: " + row[0] + "'s value " + row[3] +
              " is the file's " + str(values[i]))
        if i > 0:
            check(shows(row[4], to_best[i]), "compare: " + row[0] + "'s difference " + row[4] +
                  " is the file's " + str(to_best[i]))
    rows = driver.execute_script(ROWS, "#break-even")
    check([r[0] for r in rows] == break_even_strategies,
          "compare: the break-even table has a row per strategy")
    for row, value, strategy in zip(rows, break_even, break_even_strategies):
        if strategy != baseline:
            check(shows(row[3], value), "compare: " + strategy + "'s break-even " + row[3] +
                  " is the file's " + str(value))


def check_compare_charts(driver, results):
    """The compare report's charts draw the results file's values."""
    import h5py
    import numpy as np
    with h5py.File(results) as f:
        strategies = strings(f["kpi/strategy"])
        kpis = strings(f["kpi/kpi"])
        values = f["kpi/values"][()]                      # [strategy, replication, kpi]
        alive = f["retention/alive_share"][()]            # [strategy, replication, month]
        months = list(f["retention/month"][()])
        ends = list(f["timeseries/period_end_day"][()])
        series = {name: f["timeseries/" + name][()] for name in ("revenue_eur", "cost_eur",
                                                                "active_customers")}
        baseline = f["break_even"].attrs["baseline"]
        baseline = baseline.decode() if isinstance(baseline, bytes) else str(baseline)
    mean = values.mean(axis=1)
    b = strategies.index(baseline)
    difference = (values - values[b][None, :, :]).mean(axis=1)

    def kpi_mean(table):
        def expected(item):
            d = item["datum"]
            if item["type"] not in ("rect", "symbol") or "kpi" not in d:
                return None
            return float(table[strategies.index(d["strategy"]), kpis.index(d["kpi"])])
        return expected

    check_drawn(driver, "compare", "headline", kpi_mean(mean), what="the KPI's mean")
    check_drawn(driver, "compare", "differences", kpi_mean(difference),
                what="the paired difference to " + baseline)

    def retention(item):
        d = item["datum"]
        if item["type"] != "line":
            return None
        return float(alive[strategies.index(d["strategy"]), :, months.index(d["month"])].mean())
    check_drawn(driver, "compare", "retention", retention, what="the alive share")

    days = {end: end - (ends[i - 1] if i > 0 else 0) for i, end in enumerate(ends)}

    def timeseries(item):
        d = item["datum"]
        if item["type"] != "line":
            return None
        per = days[d["period_end_day"]] if d["series"] != "active_customers" else 1
        p = ends.index(d["period_end_day"])
        return float(series[d["series"]][strategies.index(d["strategy"]), :, p].mean()) / per
    check_drawn(driver, "compare", "timeseries", timeseries,
                what="the period's value (per day for a flow)")

    items = driver.execute_script(DRAWN, "shopper-split")
    check(len(items) > 0, "compare: shopper-split has bars to read back")
    for item in items:
        d = item["datum"]
        width = max(item["x"]) - min(item["x"])
        value = float(mean[strategies.index(d["strategy"]), kpis.index(d["kpi"])])
        check(close(width, value, 1.0), "compare: shopper-split's " + d["kpi"] + " bar for " +
              d["strategy"] + " is " + str(value) + " wide (drawn " + str(width) + ")")


def check_against(driver, edited, baseline):
    """The --against section names the changed key with both values, the verdict, and each
    headline KPI per strategy: its value here and its change from the baseline file, as the
    two files hold them."""
    import h5py
    rows = driver.execute_script(ROWS, "#against-changes")
    check(rows == [["strategies.omnichannel.linkage", "strategies.omnichannel.linkage", "0.95",
                    "0.5"]], "against: the one changed key with both values (" + str(rows) + ")")
    sentence = driver.execute_script(
        "const e = document.getElementById('against-verdict'); return e ? e.textContent : '';")
    check(sentence.startswith("The verdict"), "against: a sentence on the verdict (" + sentence + ")")
    rows = driver.execute_script(
        "return [...document.querySelectorAll('#against-kpis tr')].slice(1)"
        ".map(r => [r.dataset.kpi].concat([...r.cells].slice(1).map(c => c.textContent)));")
    with h5py.File(edited) as after_file, h5py.File(baseline) as before_file:
        strategies = strings(after_file["kpi/strategy"])
        kpis = strings(after_file["kpi/kpi"])
        units = strings(after_file["kpi/unit"])
        after = after_file["kpi/values"][()].mean(axis=1)     # [strategy, kpi]
        before = before_file["kpi/values"][()].mean(axis=1)
    check(len(rows) > 0 and all(len(r) == len(strategies) + 1 for r in rows),
          "against: a row per headline KPI with a cell per strategy")
    for row in rows:
        k = kpis.index(row[0])
        scale = 100.0 if units[k] == "share" else 1.0
        for s, cell in enumerate(row[1:]):
            if cell == "n/a":
                continue
            here, change = cell.split(" (", 1)
            check(shows(here, scale * after[s, k]) and
                  shows(change, scale * (after[s, k] - before[s, k])),
                  "against: %s of %s shows %s (change %s), the files hold %s (change %s)" % (
                      row[0], strategies[s], here, change, scale * after[s, k],
                      scale * (after[s, k] - before[s, k])))


def check_flips(driver, sweep_file):
    """The winners counted on the page are the sweep file's (recounted from its
    runs), and every point is drawn at its design value."""
    import h5py
    import numpy as np
    with h5py.File(sweep_file) as f:
        strategies = [x.decode() if isinstance(x, bytes) else str(x) for x in f.attrs["strategies"]]
        parameters = [x.decode() if isinstance(x, bytes) else str(x) for x in f.attrs["parameters"]]
        runs = f["runs"][()]
        design = f["design/value"][()]
    objective = "clv_lifetime_net_per_prospect_eur"
    points = sorted(set(runs["point"]))
    wins = {s: 0 for s in strategies}
    for point in points:
        means = [runs[objective][(runs["point"] == point) & (runs["strategy"] == s)].mean()
                 for s in range(len(strategies))]
        wins[strategies[int(np.argmax(means))]] += 1
    rows = driver.execute_script(ROWS, "#verdict-wins")
    page = {r[0]: int(r[2]) for r in rows}
    effects = driver.execute_script(ROWS, "#verdict-break-even")
    check([r[0] for r in effects] == parameters,
          "flips: a break-even row per parameter (" + str([r[0] for r in effects]) + ")")
    check(page == wins, "flips: the wins per strategy are the file's " + str(wins) + " (page " +
          str(page) + ")")
    x = driver.execute_script("return window.omnisimCharts['verdict-flips'].spec.encoding.x.title;")
    check_drawn(driver, "flips", "verdict-flips",
                lambda item: float(design[item["datum"]["point"], parameters.index(x)]),
                field="x", what="the point's " + x)


def check_explain_chart(driver, results):
    """The waterfall's bars end at the running sums of the file's terms."""
    import h5py
    with h5py.File(results) as f:
        kpis = strings(f["explain/kpi"])
        terms = strings(f["explain/term"])
        means = f["explain/mean"][()].reshape(len(kpis), len(terms))
    ends = {}
    for k, kpi in enumerate(kpis):
        running = 0.0
        for t, term in enumerate(terms):
            ends[(kpi, term)] = float(means[k, t]) if term == "total" else running + float(means[k, t])
            if term != "total":
                running += float(means[k, t])
    check_drawn(driver, "explain", "explain-waterfall",
                lambda item: ends.get((item["datum"].get("kpi"), item["datum"].get("term"))),
                what="the running sum")


with tempfile.TemporaryDirectory(prefix="omnisim-browser-") as directory:
    pages = make_reports(directory)
    driver = browser()
    try:
        for name, (path, expected) in pages.items():
            check_page(driver, name, path, expected)
            if name == "compare":
                check_verdict(driver, os.path.join(directory, "compare.h5"))
                check_compare_charts(driver, os.path.join(directory, "compare.h5"))
            if name == "explain":
                check_explain_chart(driver, os.path.join(directory, "explain.h5"))
            if name == "against":
                check_against(driver, os.path.join(directory, "edited.h5"),
                              os.path.join(directory, "compare.h5"))
            if name == "flips":
                check_flips(driver, os.path.join(directory, "verdict.h5"))
            check_overflow(driver, name)
    finally:
        driver.quit()

print(str(checks - len(failures)) + " passed, " + str(len(failures)) + " failed")
sys.exit(1 if failures else 0)
