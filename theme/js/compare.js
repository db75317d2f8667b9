// The comparison table: sort by any column (buttons in the headers, aria-sort)
// and filter by region, type, population, deprivation and rating. The choice lives in
// the address (?sort=score-desc&region=london), so a view can be shared and restored.
// Without JavaScript the table is complete, in name order.

const table = document.getElementById("table");
const form = document.getElementById("compare-filters");
const statusLine = document.getElementById("compare-status");

if (table && form) {
  const body = table.tBodies[0];
  const rows = [...body.rows];
  const headers = [...table.tHead.rows[0].cells];
  const filters = [...form.querySelectorAll("select")];

  const cellValue = (row, index, numeric) => {
    const cell = row.cells[index];
    const value = cell.dataset.sort ?? cell.textContent.trim();
    if (!numeric && cell.dataset.sort === undefined) return value.toLowerCase();
    const number = Number(value);
    return Number.isNaN(number) ? value : number;
  };

  // Buttons in the headers, so sorting works from the keyboard and says what it does.
  for (const th of headers) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "sort-button";
    button.append(...th.childNodes);
    th.append(button);
    button.addEventListener("click", () => {
      const key = th.dataset.key;
      const current = new URLSearchParams(window.location.search).get("sort");
      const numeric = th.hasAttribute("data-numeric") || th.dataset.key === "rating";
      const first = numeric ? "desc" : "asc"; // scores: highest first
      const next = current === `${key}-${first}` ? (first === "asc" ? "desc" : "asc") : first;
      apply({ sort: `${key}-${next}` }, true);
    });
  }

  function readState() {
    const params = new URLSearchParams(window.location.search);
    const state = { sort: params.get("sort") || "" };
    for (const select of filters) state[select.name] = params.get(select.name) || "";
    return state;
  }

  function writeState(state, push) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(state)) if (value) params.set(key, value);
    const query = params.toString();
    const url = window.location.pathname + (query ? `?${query}` : "") + window.location.hash;
    window.history[push ? "pushState" : "replaceState"](null, "", url);
  }

  function render(state) {
    for (const select of filters) select.value = state[select.name] || "";
    let shown = 0;
    for (const row of rows) {
      const visible = filters.every((select) => !select.value || row.dataset[select.name] === select.value);
      row.hidden = !visible;
      if (visible) shown += 1;
    }
    const [key, direction] = state.sort ? state.sort.split(/-(?=asc$|desc$)/) : ["name", "asc"];
    const index = headers.findIndex((th) => th.dataset.key === key);
    if (index >= 0) {
      const numeric = headers[index].hasAttribute("data-numeric");
      const sign = direction === "desc" ? -1 : 1;
      const sorted = rows
        .map((row, position) => ({ row, position, value: cellValue(row, index, numeric) }))
        .sort((a, b) => (a.value < b.value ? -sign : a.value > b.value ? sign : a.position - b.position));
      body.append(...sorted.map((item) => item.row));
    }
    headers.forEach((th, i) => {
      if (i === index && state.sort) th.setAttribute("aria-sort", direction === "desc" ? "descending" : "ascending");
      else th.removeAttribute("aria-sort");
    });
    const filtered = filters.some((select) => select.value);
    statusLine.textContent = filtered
      ? `Showing ${shown} of ${rows.length} councils.`
      : `Showing all ${rows.length} councils.`;
  }

  function apply(change, push) {
    const state = { ...readState(), ...change };
    writeState(state, push);
    render(state);
  }

  form.hidden = false;
  form.addEventListener("change", (event) => apply({ [event.target.name]: event.target.value }, true));
  form.addEventListener("submit", (event) => event.preventDefault());
  window.addEventListener("popstate", () => render(readState()));
  render(readState());
}
