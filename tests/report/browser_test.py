#!/usr/bin/env python3
"""omnisim report in a real browser: makes a compare report (with the
customers table), an explain report and a sweep report with the omnisim binary, opens each
in headless Chromium (Debian's chromium and chromium-driver, through
Selenium) with the network off, waits for the charts, and checks that every
expected chart drew marks, that no chart failed, that the page logged no
error and loaded nothing but itself. Saves a full-page screenshot of each
as a test artefact.

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
    # A sweep file's report: main effects and the strategy difference maps.
    sweep_file = os.path.join(directory, "sweep.toml")
    with open(sweep_file, "w") as sweep:
        sweep.write('design = "lhs"\npoints = 24\nreplications = 2\n'
                    'strategies = ["omnichannel", "multichannel"]\n'
                    'kpis = ["clv_lifetime_net_eur", "retention_12m"]\n'
                    '[fixed]\nsimulation.customers = 300\n'
                    '[[parameter]]\nkey = "strategies.omnichannel.linkage"\nlow = 0.3\nhigh = 1.0\n'
                    '[[parameter]]\nkey = "strategies.omnichannel.fixed_cost_eur_per_customer_year"\n'
                    'low = 4\nhigh = 30\n')
    sweep_results = os.path.join(directory, "sweep.h5")
    subprocess.run([omnisim, "sweep", sweep_file, "-q", "--out", sweep_results], check=True)
    subprocess.run([omnisim, "report", sweep_results, "-q"], check=True)
    # The ground-truth scores: CLV models and attribution.
    scored = ["--customers", "1000", "--replications", "1", "-q", "--force"]
    for command in ("score-clv", "attribute"):
        subprocess.run([omnisim, command, "--out", os.path.join(directory, command + ".h5"),
                        "--report", os.path.join(directory, command + ".html")] + scored,
                       check=True, stdout=subprocess.DEVNULL)
    return {
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
    height = driver.execute_script("return document.documentElement.scrollHeight;")
    driver.set_window_size(1280, min(int(height) + 40, 16000))
    shot = os.path.join(artefacts, "report-" + name + ".png")
    driver.save_screenshot(shot)
    check(os.path.getsize(shot) > 10000, name + ": screenshot saved to " + shot)
    print(name + ": " + str(len(marks)) + " charts, marks " + str(marks) + "; screenshot " + shot,
          flush=True)


with tempfile.TemporaryDirectory(prefix="omnisim-browser-") as directory:
    pages = make_reports(directory)
    driver = browser()
    try:
        for name, (path, expected) in pages.items():
            check_page(driver, name, path, expected)
    finally:
        driver.quit()

print(str(checks - len(failures)) + " passed, " + str(len(failures)) + " failed")
sys.exit(1 if failures else 0)
