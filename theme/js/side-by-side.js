// Councils side by side: ?c=northvale,southmoor (two to four) picks them; the
// choice is kept in the address so it can be shared. The data comes from the
// JSON block in the page; nothing is fetched.

const data = JSON.parse(document.getElementById("council-data").textContent);
const form = document.getElementById("side-by-side-form");
const selects = [...form.querySelectorAll("select")];
const region = document.getElementById("side-by-side-region");
const table = document.getElementById("side-by-side");
const statusLine = document.getElementById("side-by-side-status");
const MAX = selects.length;

function chosenFromUrl() {
  const value = new URLSearchParams(window.location.search).get("c") || "";
  return [...new Set(value.split(",").map((s) => s.trim()).filter((s) => s in data))].slice(0, MAX);
}

function cell(tag, ...children) {
  const el = document.createElement(tag);
  el.append(...children);
  return el;
}

function tag(words, cssId) {
  const span = cell("span", words);
  span.className = `tag tag--${cssId}`;
  return span;
}

const ratingIds = { Outstanding: "outstanding", Good: "good", "Requires improvement": "requires-improvement", Inadequate: "inadequate" };

function render(chosen) {
  selects.forEach((select, i) => (select.value = chosen[i] || ""));
  for (const row of table.rows) {
    while (row.cells.length > 1) row.deleteCell(1);
  }
  if (!chosen.length) {
    region.hidden = true;
    statusLine.textContent = "Choose two to four councils to see them side by side.";
    return;
  }
  const head = table.tHead.rows[0];
  for (const slug of chosen) {
    const c = data[slug];
    const th = cell("th", c.name);
    th.scope = "col";
    head.append(th);
    for (const row of table.tBodies[0].rows) {
      const key = row.dataset.row;
      let content;
      if (key === "rating") {
        content = [tag(c.rating, ratingIds[c.rating]), c.indicative ? " (indicative)" : ""];
      } else if (key === "link") {
        const a = cell("a", `Read the findings for ${c.name}`);
        a.href = c.url;
        content = [a];
      } else if (key.startsWith("theme-")) {
        const theme = c.themes[Number(key.slice(6))];
        content = theme ? [tag(theme[0], ratingIds[theme[0]]), ` ${theme[1]} out of 100`] : ["Not scored"];
      } else if (key.startsWith("score-")) {
        const score = c.scores[Number(key.slice(6))];
        content = [score ? String(score) : "Not scored"];
      } else {
        content = [String(c[key])];
      }
      row.append(cell("td", ...content));
    }
  }
  region.hidden = false;
  statusLine.textContent =
    chosen.length === 1
      ? `Showing ${data[chosen[0]].name}. Choose another council to compare.`
      : `Showing ${chosen.length} councils side by side.`;
}

function choose(push) {
  const chosen = [...new Set(selects.map((s) => s.value).filter(Boolean))];
  const url = window.location.pathname + (chosen.length ? `?c=${chosen.join(",")}` : "");
  window.history[push ? "pushState" : "replaceState"](null, "", url);
  render(chosen);
}

document.getElementById("side-by-side-unavailable").hidden = true;
form.hidden = false;
form.addEventListener("change", () => choose(true));
window.addEventListener("popstate", () => render(chosenFromUrl()));
render(chosenFromUrl());
