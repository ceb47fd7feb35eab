// The reviewer's desk: drop reports, watch each one's progress, read and sort the batch table.
"use strict";
const HEADERS = { "X-NLP-Perf": "1" };
const PARALLEL = 3;  // uploads at a time; the server classifies them in its worker pool
const section = document.getElementById("batch");
const tbody = document.querySelector("#table tbody");
let batchId = section.dataset.batch;
let rows = [];
let sortKey = null, sortDir = 1;

async function newBatch() {
  const r = await fetch("/api/batches", { method: "POST", headers: HEADERS });
  const b = await r.json();
  const option = new Option(b.created + " · 0", b.id, true, true);
  document.getElementById("batches").add(option);
  showBatch(b.id);
  return b.id;
}

async function showBatch(id) {
  batchId = id;
  section.dataset.batch = id;
  history.replaceState(null, "", id ? "/?batch=" + id : "/");
  document.getElementById("xlsx").href = id ? `/batches/${id}/results.xlsx` : "#";
  document.getElementById("csv").href = id ? `/batches/${id}/results.csv` : "#";
  rows = [];
  if (id) {
    const r = await fetch(`/api/batches/${id}`);
    if (r.ok) rows = (await r.json()).rows;
  }
  render();
}

// ------------------------------------------------------------------- files in

async function entryFiles(entry, path) {
  if (entry.isFile) {
    return new Promise((ok) => entry.file((f) => ok([{ file: f, name: path + f.name }]), () => ok([])));
  }
  const reader = entry.createReader();
  let all = [], batch;
  do {
    batch = await new Promise((ok) => reader.readEntries(ok, () => ok([])));
    for (const e of batch) all = all.concat(await entryFiles(e, path + entry.name + "/"));
  } while (batch.length);
  return all;
}

async function droppedFiles(dt) {
  const entries = [...dt.items].map((i) => i.webkitGetAsEntry && i.webkitGetAsEntry()).filter(Boolean);
  if (!entries.length) return [...dt.files].map((f) => ({ file: f, name: f.name }));
  let all = [];
  for (const e of entries) all = all.concat(await entryFiles(e, ""));
  return all;
}

function progressLine(name) {
  const li = document.createElement("li");
  li.innerHTML = "<span class=name></span><progress max=100 value=0></progress><span class=state>等待 waiting</span>";
  li.querySelector(".name").textContent = name;
  document.getElementById("progress").prepend(li);
  return li;
}

function upload(id, item, li) {
  return new Promise((done) => {
    const xhr = new XMLHttpRequest();
    xhr.open("PUT", `/api/batches/${id}/files?name=${encodeURIComponent(item.name)}`);
    xhr.setRequestHeader("X-NLP-Perf", "1");
    const bar = li.querySelector("progress"), state = li.querySelector(".state");
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) bar.value = 90 * e.loaded / e.total; };
    xhr.upload.onload = () => { state.textContent = "分析中 classifying…"; };
    xhr.onload = () => {
      let row = null;
      try { row = JSON.parse(xhr.responseText); } catch (e) { row = { name: item.name, error: xhr.statusText }; }
      bar.value = 100;
      if (xhr.status === 201) { state.textContent = "完成 done"; li.className = "done"; }
      else { state.textContent = "失败 failed: " + (row.error || xhr.status); li.className = "failed"; }
      if (row.id && batchId === id) { rows.push(row); render(); }
      done();
    };
    xhr.onerror = () => { state.textContent = "失败 failed: connection lost"; li.className = "failed"; done(); };
    xhr.send(item.file);
  });
}

async function sendAll(items) {
  if (!items.length) return;
  const id = batchId || await newBatch();
  const queue = items.map((item) => [item, progressLine(item.name)]);
  const next = async () => { while (queue.length) { const [item, li] = queue.shift(); await upload(id, item, li); } };
  await Promise.all(Array.from({ length: PARALLEL }, next));
}

// ---------------------------------------------------------------------- table

function value(row, key) {
  if (key.startsWith("tally:")) return row.tallies ? row.tallies[key.slice(6)] : null;
  const v = row[key];
  return v && typeof v === "object" ? v.value : v;
}

function cell(text, numeric) {
  const td = document.createElement("td");
  if (numeric) td.className = "n";
  td.textContent = text == null ? "" : text;
  return td;
}

function render() {
  const wanted = document.getElementById("filter").value.trim().toLowerCase();
  const flagged = document.getElementById("only-flagged").checked;
  let shown = rows.filter((r) => (!wanted || [r.name, r.unit, r.year, r.kind, r.error].join(" ").toLowerCase().includes(wanted))
                                 && (!flagged || r.flags > 0));
  if (sortKey) {
    shown = shown.slice().sort((a, b) => {
      const x = value(a, sortKey), y = value(b, sortKey);
      if (x == null) return 1; if (y == null) return -1;
      return (x < y ? -1 : x > y ? 1 : 0) * sortDir;
    });
  }
  tbody.replaceChildren(...shown.map(rowElement));
  document.getElementById("empty").hidden = rows.length > 0;
}

function rowElement(r) {
  const tr = document.createElement("tr");
  const name = document.createElement("td");
  if (r.error) {
    tr.className = "failed";
    name.textContent = r.name;
    tr.append(name, cell("错误 error: " + r.error));
    tr.lastChild.colSpan = 20;
    return tr;
  }
  const a = document.createElement("a");
  a.href = "/reports/" + r.id;
  a.textContent = r.name;
  name.append(a);
  tr.append(name, cell(r.unit), cell(r.year), cell(r.kind), cell(r.sentences, true));
  for (const label of Object.keys(r.tallies)) {
    tr.append(cell(`${r.tallies[label]} (${Math.round(100 * r.shares[label])}%)`, true));
  }
  for (const key of ["budget", "final", "execution_rate", "self_score"]) tr.append(cell(r[key] && r[key].text, true));
  tr.append(cell(r.flags, true));
  return tr;
}

// --------------------------------------------------------------------- wiring

const drop = document.getElementById("drop");
drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", async (e) => {
  e.preventDefault();
  drop.classList.remove("over");
  sendAll(await droppedFiles(e.dataTransfer));
});
for (const id of ["pick-files", "pick-folder"]) {
  const input = document.getElementById(id);
  input.addEventListener("change", () => {
    sendAll([...input.files].map((f) => ({ file: f, name: f.webkitRelativePath || f.name })));
    input.value = "";
  });
}
document.getElementById("new-batch").addEventListener("click", newBatch);
document.getElementById("batches").addEventListener("change", (e) => showBatch(e.target.value));
document.getElementById("filter").addEventListener("input", render);
document.getElementById("only-flagged").addEventListener("change", render);
document.getElementById("clear").addEventListener("click", async () => {
  if (!batchId || !confirm("清除此批次的结果？ Clear this batch's results?")) return;
  await fetch(`/api/batches/${batchId}`, { method: "DELETE", headers: HEADERS });
  const select = document.getElementById("batches");
  select.querySelector(`option[value="${batchId}"]`)?.remove();
  showBatch(select.value || "");
});
for (const th of document.querySelectorAll("#table th")) {
  th.addEventListener("click", () => {
    sortDir = sortKey === th.dataset.key ? -sortDir : 1;
    sortKey = th.dataset.key;
    document.querySelectorAll("#table th").forEach((h) => h.classList.remove("sorted-asc", "sorted-desc"));
    th.classList.add(sortDir > 0 ? "sorted-asc" : "sorted-desc");
    render();
  });
}
showBatch(batchId);
