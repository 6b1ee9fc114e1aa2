// The query page: runs the editor's query against /sparql and shows the result as a table.
"use strict";
(function () {
  const form = document.getElementById("query-form");
  const editor = document.getElementById("query");
  const status = document.getElementById("status");
  const errorBox = document.getElementById("error");
  const results = document.getElementById("results");
  const base = form.dataset.base;
  const root = form.dataset.root || "";

  function pageFor(iri) {
    if (!iri.startsWith(base + "id/")) return iri;
    const [path, fragment] = iri.slice(base.length).split("#");
    return root + "/" + path + ".html" + (fragment ? "#" + fragment : "");
  }

  function cell(term) {
    const td = document.createElement("td");
    if (!term) return td;
    if (term.type === "uri") {
      const a = document.createElement("a");
      a.href = pageFor(term.value);
      a.textContent = term.value.startsWith(base) ? term.value.slice(base.length) : term.value;
      a.title = term.value;
      td.appendChild(a);
    } else {
      td.textContent = term.value;
      if (term["xml:lang"]) td.title = "@" + term["xml:lang"];
    }
    return td;
  }

  function showError(text) {
    errorBox.textContent = text.split("\n").map((l) => l.replace(/^# ?/, "")).join("\n").trim();
    errorBox.hidden = false;
  }

  async function run(event) {
    if (event) event.preventDefault();
    errorBox.hidden = true;
    results.replaceChildren();
    status.textContent = "Running…";
    const started = performance.now();
    let response;
    try {
      response = await fetch(form.dataset.endpoint, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded",
                   "Accept": "application/sparql-results+json, text/turtle;q=0.9" },
        body: new URLSearchParams({ query: editor.value }),
      });
    } catch (err) {
      status.textContent = "";
      showError("The server could not be reached: " + err);
      return;
    }
    const elapsed = Math.round(performance.now() - started);
    const type = response.headers.get("Content-Type") || "";
    const text = await response.text();
    if (!response.ok) {
      status.textContent = "";
      let detail = text;
      try { detail = JSON.parse(text).error.detail; } catch (e) { /* plain text or comments */ }
      showError(detail);
      return;
    }
    if (type.startsWith("text/turtle")) {
      const pre = document.createElement("pre");
      pre.textContent = text;
      results.appendChild(pre);
      status.textContent = "Graph result in " + elapsed + " ms";
      return;
    }
    const data = JSON.parse(text);
    if ("boolean" in data) {
      results.textContent = data.boolean ? "true" : "false";
      status.textContent = "ASK in " + elapsed + " ms";
      return;
    }
    const table = document.createElement("table");
    table.className = "results";
    const head = table.createTHead().insertRow();
    for (const v of data.head.vars) {
      const th = document.createElement("th");
      th.textContent = v;
      head.appendChild(th);
    }
    const body = table.createTBody();
    for (const binding of data.results.bindings) {
      const row = body.insertRow();
      for (const v of data.head.vars) row.appendChild(cell(binding[v]));
    }
    results.appendChild(table);
    const cut = response.headers.get("X-Results-Truncated") ? " (cut at " + response.headers.get("X-Results-Limit") + ")" : "";
    status.textContent = data.results.bindings.length + " rows in " + elapsed + " ms" + cut;
  }

  form.addEventListener("submit", run);
  for (const link of document.querySelectorAll("a.example")) {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      editor.value = link.dataset.query;
      run();
    });
  }
})();
