// Opens rampart's HTML report in headless Chromium (Debian's, through playwright-core) and
// checks what a reader does with it: it loads without console errors or network requests,
// the severity, theme, region and text filters change what is shown (and only to what they
// say), the exposure graph renders and a click on a node shows that node's findings, and the
// page prints. Keeps a screenshot and the PDF as artifacts.
//
// usage: node check_report.mjs REPORT.html OUT_DIR
import { chromium } from "playwright-core";
import { mkdirSync, statSync } from "node:fs";
import { resolve } from "node:path";

const [report, outDir] = process.argv.slice(2);
if (!report || !outDir) {
  console.error("usage: node check_report.mjs REPORT.html OUT_DIR");
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });

let failures = 0;
function check(ok, what) {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) failures++;
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  // As root in a sandbox-less container; no background traffic on a closed network.
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
const page = await browser.newPage({ viewport: { width: 1300, height: 1000 } });
const problems = [];
page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`); });
page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
const requests = [];
page.on("request", (r) => { if (!r.url().startsWith("file:")) requests.push(r.url()); });

await page.goto("file://" + resolve(report), { waitUntil: "load" });
check(problems.length === 0, `no console errors (${problems.join("; ") || "none"})`);
check(requests.length === 0, `self-contained: no request leaves the file (${requests.join(", ") || "none"})`);

// What is shown, read from the page: the visible findings and their attributes.
const visible = () => page.$$eval(".finding", (fs) => fs.filter((f) => !f.hidden).map((f) => ({ ...f.dataset })));
const all = await visible();
check(all.length > 0, `${all.length} findings listed`);
const counter = async () => (await page.textContent("#shown")).trim();
let shown;
check((await counter()) === `${all.length} of ${all.length} shown`, `the counter says all are shown: ${await counter()}`);

// Severity: the card for one severity shows exactly its open findings, as many as it counts.
const severities = [...new Set(all.map((f) => f.severity))];
for (const sev of severities) {
  await page.click(`[data-severity-card="${sev}"]`);
  const shown = await visible();
  const want = all.filter((f) => f.severity === sev && f.status === "open").length;
  const counted = Number(await page.textContent(`[data-severity-card="${sev}"] .count`));
  check(shown.length === want && want === counted && shown.every((f) => f.severity === sev && f.status === "open"),
    `card ${sev}: ${shown.length} shown, ${want} open expected, the card counts ${counted}`);
  await page.click(`[data-severity-card="${sev}"]`);
}
check((await visible()).length === all.length, "a second click on the card shows all again");

// Suppressed findings are listed, marked, and the status filter finds them.
await page.selectOption('[data-filter="status"]', "suppressed");
shown = await visible();
check(shown.length === all.filter((f) => f.status === "suppressed").length && shown.every((f) => f.status === "suppressed"),
  `status suppressed: ${shown.length} shown`);
await page.selectOption('[data-filter="status"]', "");

// A checkbox hides its severity.
const first = severities[0];
await page.uncheck(`[data-filter-severity="${first}"]`);
shown = await visible();
check(shown.length === all.filter((f) => f.severity !== first).length && !shown.some((f) => f.severity === first),
  `unchecking ${first} hides exactly its findings`);
await page.check(`[data-filter-severity="${first}"]`);

// Theme and region selects, together.
const theme = all[0].theme;
const region = all[0].region;
await page.selectOption('[data-filter="theme"]', theme);
await page.selectOption('[data-filter="region"]', region);
shown = await visible();
const want = all.filter((f) => f.theme === theme && f.region === region).length;
check(shown.length === want && want > 0, `theme ${theme} in ${region}: ${shown.length} shown, ${want} expected`);
await page.selectOption('[data-filter="theme"]', "");
await page.selectOption('[data-filter="region"]', "");

// Text search: a resource id shows only findings that mention it.
const resource = all[0].resource;
await page.fill('[data-filter="text"]', resource);
const texts = await page.$$eval(".finding", (fs) => fs.filter((f) => !f.hidden).map((f) => f.textContent));
check(texts.length > 0 && texts.every((t) => t.toLowerCase().includes(resource.toLowerCase())), `search ${resource}: ${texts.length} shown, each mentions it`);
await page.fill('[data-filter="text"]', "");

// The graph: drawn, with the internet and at least one edge; a node's click shows its findings.
const nodes = await page.$$eval("#graph .node", (ns) => ns.map((n) => ({ id: n.dataset.id, resource: n.dataset.resource })));
const edges = await page.$$eval("#graph .edge", (es) => es.length);
check(nodes.some((n) => n.id === "internet") && edges > 0, `graph: ${nodes.length} nodes, ${edges} edges`);
const box = await page.$eval("#graph", (g) => { const r = g.getBoundingClientRect(); return [r.width, r.height]; });
check(box[0] > 100 && box[1] > 20, `graph rendered at ${box[0]}x${box[1]} px`);
const target = nodes.find((n) => n.resource && all.some((f) => f.resource === n.resource));
check(!!target, `a node with findings: ${target && target.id}`);
if (target) {
  await page.click(`#graph .node[data-id="${target.id}"]`);
  shown = await visible();
  const mine = all.filter((f) => f.resource === target.resource).length;
  check(shown.length === mine && shown.every((f) => f.resource === target.resource), `click ${target.id}: ${shown.length} shown, ${mine} expected`);
  const dimmed = await page.$$eval("#graph .node.dim", (ns) => ns.length);
  check(dimmed > 0 && dimmed < nodes.length, `unconnected nodes dimmed: ${dimmed}`);
  await page.click("#clear-resource");
  check((await visible()).length === all.length, "show all clears the node filter");
}

await page.screenshot({ path: `${outDir}/report.png`, fullPage: true });
// Printable: the print stylesheet hides the filters, and the PDF renders.
await page.emulateMedia({ media: "print" });
check(await page.$eval(".filters", (f) => getComputedStyle(f).display === "none"), "print hides the filters");
await page.pdf({ path: `${outDir}/report.pdf`, format: "A4" });
check(statSync(`${outDir}/report.pdf`).size > 10000, "the PDF renders");
check(problems.length === 0, `still no console errors (${problems.join("; ") || "none"})`);
await browser.close();
console.log(failures ? `${failures} check(s) failed` : "html report: all checks passed");
process.exit(failures ? 1 : 0);
