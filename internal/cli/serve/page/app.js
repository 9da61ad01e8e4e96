// The page of qdabridge serve. Every string that comes from a file is put
// in the page with textContent, never parsed as markup.
"use strict";

(function () {
  const token = document.body.dataset.token;
  const maxUpload = Number(document.body.dataset.maxUpload);
  const $ = (id) => document.getElementById(id);
  const picked = { files: [], sources: [] };
  let excerpts = [];

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  function setStatus(text, isError) {
    $("status").textContent = text;
    $("status").className = isError ? "error" : "";
  }

  function showPicked(kind) {
    const list = $(kind + "-list");
    list.textContent = picked[kind].map((f) => f.name).join(", ");
  }

  function pick(kind, files) {
    picked[kind] = Array.from(files);
    showPicked(kind);
  }

  for (const kind of ["files", "sources"]) {
    const input = $(kind);
    const zone = $(kind + "-zone");
    input.addEventListener("change", () => pick(kind, input.files));
    zone.addEventListener("dragover", (ev) => { ev.preventDefault(); zone.classList.add("over"); });
    zone.addEventListener("dragleave", () => zone.classList.remove("over"));
    zone.addEventListener("drop", (ev) => {
      ev.preventDefault();
      zone.classList.remove("over");
      pick(kind, ev.dataTransfer.files);
    });
  }

  async function convert() {
    if (picked.files.length === 0) {
      setStatus("Choose a project, a workbook or NVivo's exports first.", true);
      return;
    }
    const form = new FormData();
    let total = 0;
    for (const f of picked.files) { form.append("file", f, f.name); total += f.size; }
    for (const f of picked.sources) { form.append("source", f, f.name); total += f.size; }
    if (total > maxUpload) {
      setStatus("These files are too large to convert here.", true);
      return;
    }
    $("convert").disabled = true;
    setStatus("Converting…");
    $("result").hidden = true;
    $("browse").hidden = true;
    try {
      const resp = await fetch("/convert?target=" + encodeURIComponent($("target").value), {
        method: "POST", body: form, headers: { "X-Qdabridge-Token": token }, credentials: "same-origin",
      });
      const body = await resp.json();
      if (!resp.ok) {
        setStatus("Not converted: " + (body.error || resp.statusText), true);
        return;
      }
      setStatus("Converted.");
      showReport(body);
      loadExcerpts(body.id);
    } catch (err) {
      setStatus("Not converted: " + err, true);
    } finally {
      $("convert").disabled = false;
    }
  }

  const countNames = [
    ["codes", "codes"], ["cases", "cases"], ["sources", "sources"],
    ["selections", "coded passages"], ["codings", "codings"], ["notes", "notes"],
  ];

  function showReport(body) {
    const rep = body.report;
    const summary = $("summary");
    summary.replaceChildren();
    for (const input of rep.inputs || []) {
      const p = el("p");
      p.append(el("span", "Read "), el("b", input.name), el("span", " (" + describeKind(input) + ")"));
      summary.append(p);
      if (input.counts) {
        const counts = el("div", null, "counts");
        for (const [key, label] of countNames) {
          const c = el("span", null, "count");
          c.dataset.count = key;
          c.append(el("b", input.counts[key] || 0), el("span", label));
          counts.append(c);
        }
        summary.append(counts);
      }
      if (input.positions) summary.append(el("p", input.positions));
    }
    const lists = $("lists");
    lists.replaceChildren();
    const section = (title, lines, cls, none) => {
      const d = el("div", null, "list " + (cls || ""));
      d.append(el("h3", title));
      if (!lines || lines.length === 0) {
        d.append(el("p", none, "ok"));
      } else {
        const ul = el("ul");
        for (const l of lines) ul.append(el("li", l));
        d.append(ul);
      }
      lists.append(d);
    };
    section("Converted to the target's conventions", rep.converted, "", "Nothing needed converting.");
    if (rep.repaired && rep.repaired.length) section("Repaired", rep.repaired);
    section("Renamed", rep.renamed, "", "Nothing was renamed.");
    section("Dropped, or invisible in the target tool", rep.lost, "lost", "Nothing was lost.");
    if (rep.warnings && rep.warnings.length) section("Warnings", rep.warnings);
    if (rep.notes && rep.notes.length) section("Good to know", rep.notes);
    showLedger(rep.ledger);
    $("report-text").textContent = rep.text;
    const a = $("download");
    a.href = "/download/" + encodeURIComponent(body.id) + "?token=" + encodeURIComponent(token);
    a.setAttribute("download", body.fileName);
    $("download-name").textContent = body.fileName + " (" + formatBytes(rep.bytes) + ")";
    $("result").hidden = false;
  }

  function describeKind(input) {
    if (input.kind === "nvivo") return "NVivo export: " + (input.export || "");
    const kinds = {
      qdpx: "project", qde: "project document", qdc: "codebook", workbook: "project workbook",
      rqda: "RQDA project", qualcoder: "QualCoder project or report", taguette: "Taguette project or export",
      maxqda: "MAXQDA export", atlasti: "ATLAS.ti export"
    };
    let s = kinds[input.kind] || input.kind;
    if (input.origin) s += ", made by " + input.origin;
    return s;
  }

  const columns = ["kept", "converted", "repaired", "moved", "renamed", "dropped", "invisible"];

  function showLedger(ledger) {
    const t = $("ledger");
    t.replaceChildren();
    if (!ledger) { $("ledger-box").hidden = true; return; }
    $("ledger-box").hidden = false;
    const head = el("tr");
    for (const h of ["", "in the input"].concat(columns)) head.append(el("th", h));
    t.append(head);
    for (const [kind, row] of Object.entries(ledger)) {
      if (!row.input) continue;
      const tr = el("tr");
      tr.append(el("td", kind), el("td", row.input, "n"));
      for (const c of columns) tr.append(el("td", row[c] ? row[c] : "", "n"));
      t.append(tr);
    }
  }

  function formatBytes(n) {
    if (n >= 1 << 20) return (n / (1 << 20)).toFixed(1) + " MB";
    if (n >= 1 << 10) return (n / (1 << 10)).toFixed(1) + " KB";
    return n + " bytes";
  }

  async function loadExcerpts(id) {
    try {
      const resp = await fetch("/excerpts/" + encodeURIComponent(id), { headers: { "X-Qdabridge-Token": token } });
      const body = await resp.json();
      if (!resp.ok) return;
      excerpts = body.excerpts || [];
      fillFilter($("f-code"), excerpts.flatMap((e) => e.codes), "all codes");
      fillFilter($("f-participant"), excerpts.flatMap((e) => e.participants), "everyone");
      $("browse").hidden = false;
      render();
    } catch (err) {
      // the report is there; the excerpts are a bonus
    }
  }

  function fillFilter(select, values, all) {
    select.replaceChildren(el("option", all));
    select.firstChild.value = "";
    for (const v of Array.from(new Set(values)).sort()) {
      const o = el("option", v);
      o.value = v;
      select.append(o);
    }
  }

  function render() {
    const code = $("f-code").value;
    const who = $("f-participant").value;
    const words = $("f-text").value.trim().toLowerCase();
    const body = $("excerpts").tBodies[0];
    body.replaceChildren();
    let shown = 0;
    let matched = 0;
    for (const e of excerpts) {
      if (code && !e.codes.includes(code)) continue;
      if (who && !e.participants.includes(who)) continue;
      if (words && !e.text.toLowerCase().includes(words)) continue;
      matched++;
      if (shown >= 500) continue;
      shown++;
      const tr = el("tr");
      tr.append(el("td", e.source), el("td", e.participants.join(", ")), el("td", e.codes.join(", ")), el("td", e.text));
      body.append(tr);
    }
    $("f-count").textContent = matched + " of " + excerpts.length + " excerpts" + (shown < matched ? " (first " + shown + " shown)" : "");
  }

  $("f-code").addEventListener("change", render);
  $("f-participant").addEventListener("change", render);
  $("f-text").addEventListener("input", render);
  $("convert").addEventListener("click", convert);
})();
