// Filters and the graph's link to the findings. The page is complete without this script.
(function () {
  "use strict";
  const findings = Array.from(document.querySelectorAll(".finding"));
  const shown = document.getElementById("shown");
  const selects = Array.from(document.querySelectorAll("[data-filter]"));
  const severities = Array.from(document.querySelectorAll("[data-filter-severity]"));
  const resourceBox = document.getElementById("resource-filter");
  let resource = "";

  function apply() {
    const wanted = new Set(severities.filter((c) => c.checked).map((c) => c.dataset.filterSeverity));
    const by = {};
    for (const s of selects) by[s.dataset.filter] = s.value.trim().toLowerCase();
    let n = 0;
    for (const f of findings) {
      const d = f.dataset;
      const ok = wanted.has(d.severity) &&
        (!by.theme || d.theme === by.theme) &&
        (!by.account || d.account === by.account) &&
        (!by.region || d.region.toLowerCase() === by.region) &&
        (!by.status || d.status === by.status) &&
        (!resource || d.resource === resource) &&
        (!by.text || f.textContent.toLowerCase().includes(by.text));
      f.hidden = !ok;
      if (ok) n++;
    }
    shown.textContent = n + " of " + findings.length + " shown";
    resourceBox.hidden = !resource;
    resourceBox.querySelector("code").textContent = resource;
  }

  for (const s of selects) s.addEventListener("input", apply);
  for (const c of severities) c.addEventListener("change", apply);

  // A severity card shows the open findings it counts; a second click shows all again.
  const status = document.querySelector('[data-filter="status"]');
  for (const card of document.querySelectorAll("[data-severity-card]")) {
    card.addEventListener("click", () => {
      const only = !card.classList.contains("active");
      for (const other of document.querySelectorAll("[data-severity-card]")) other.classList.remove("active");
      if (only) card.classList.add("active");
      for (const c of severities) c.checked = !only || c.dataset.filterSeverity === card.dataset.severityCard;
      status.value = only ? "open" : "";
      apply();
    });
  }

  // A node shows its findings and dims what it is not connected to.
  const nodes = Array.from(document.querySelectorAll("#graph .node"));
  const edges = Array.from(document.querySelectorAll("#graph .edge"));
  function select(node) {
    const id = node ? node.dataset.id : "";
    const near = new Set([id]);
    for (const e of edges) {
      if (e.dataset.from === id) near.add(e.dataset.to);
      if (e.dataset.to === id) near.add(e.dataset.from);
    }
    for (const n of nodes) {
      n.classList.toggle("selected", n === node);
      n.classList.toggle("dim", !!node && !near.has(n.dataset.id));
    }
    for (const e of edges) e.classList.toggle("dim", !!node && e.dataset.from !== id && e.dataset.to !== id);
    resource = node ? node.dataset.resource : "";
    apply();
    if (node && resource) document.getElementById("findings").scrollIntoView({ block: "start" });
  }
  for (const n of nodes) {
    n.addEventListener("click", () => select(n.classList.contains("selected") ? null : n));
    n.addEventListener("keydown", (ev) => { if (ev.key === "Enter") select(n); });
  }
  document.getElementById("clear-resource").addEventListener("click", () => select(null));

  // Printed, every finding is open.
  window.addEventListener("beforeprint", () => { for (const f of findings) f.open = true; });
  apply();
})();
