// One report: show only problems and measures, follow a flag to its sentence, correct a label.
"use strict";
const report = document.getElementById("report");
const menu = document.getElementById("menu");
const saved = document.getElementById("saved");
let chosen = null;

for (const i of JSON.parse(document.getElementById("corrected").textContent)) {
  document.getElementById("s" + i)?.classList.add("corrected");
}

document.getElementById("only-pm").addEventListener("change", (e) => {
  report.classList.toggle("only-pm", e.target.checked);
});

function mark() {
  document.querySelectorAll(".s.target").forEach((s) => s.classList.remove("target"));
  const target = location.hash && document.getElementById(location.hash.slice(1));
  if (target) target.classList.add("target");
}
window.addEventListener("hashchange", mark);
mark();

report.addEventListener("click", (e) => {
  const s = e.target.closest(".s");
  if (!s) return;
  chosen = s;
  menu.hidden = false;
  menu.style.left = e.pageX + "px";
  menu.style.top = e.pageY + "px";
});
document.addEventListener("keydown", (e) => { if (e.key === "Escape") menu.hidden = true; });

menu.addEventListener("click", async (e) => {
  const label = e.target.dataset.label;
  if (!label || !chosen) return;
  menu.hidden = true;
  const index = chosen.id.slice(1);
  const r = await fetch(`/api/reports/${report.dataset.report}/sentences/${index}`, {
    method: "PUT", headers: { "X-NLP-Perf": "1", "Content-Type": "application/json" },
    body: JSON.stringify({ label }),
  });
  const answer = await r.json();
  if (!r.ok) { saved.textContent = "未保存 not saved: " + answer.error; return; }
  chosen.className = `s l-${label} corrected`;
  chosen.dataset.label = label;
  saved.textContent = `已保存 saved: [${index}] → ${label} (${answer.saved})`;
});
