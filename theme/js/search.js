// The search page, on Pagefind's JavaScript API. Progressive enhancement: the
// page says search is unavailable until this script shows the form. The query,
// filters and order live in the URL, so a search can be shared and restored.
// No inline script or style anywhere, so the site runs under a strict CSP.

const SITE_ROOT = new URL("../", import.meta.url); // this file lives at <site>/js/
const PAGE_SIZE = 10;
const SORTS = {
  "score-desc": { score: "desc" },
  "score-asc": { score: "asc" },
  "published-desc": { published: "desc" },
  "published-asc": { published: "asc" },
};

const form = document.getElementById("search-form");
const input = document.getElementById("search-q");
const sortSelect = document.getElementById("search-sort");
const statusLine = document.getElementById("search-status");
const list = document.getElementById("search-results");
const moreWrap = document.getElementById("search-more-wrap");
const moreButton = document.getElementById("search-more");
const filtersBox = document.getElementById("search-filters");
const filtersCount = document.getElementById("search-filters-count");
const filterKeys = [...new Set([...form.querySelectorAll("fieldset input[type=checkbox]")].map((box) => box.name))];

let pagefind = null;
let results = [];
let shown = 0;
let searchNumber = 0; // a newer search makes an older one's late answer irrelevant

function stateFromUrl() {
  const params = new URLSearchParams(window.location.search);
  input.value = params.get("q") || "";
  sortSelect.value = SORTS[params.get("sort")] ? params.get("sort") : "";
  for (const box of form.querySelectorAll("fieldset input[type=checkbox]")) {
    box.checked = params.getAll(box.name).includes(box.value);
  }
}

function stateToUrl(push) {
  const params = new URLSearchParams();
  if (input.value.trim()) params.set("q", input.value.trim());
  if (sortSelect.value) params.set("sort", sortSelect.value);
  for (const box of form.querySelectorAll("fieldset input[type=checkbox]:checked")) params.append(box.name, box.value);
  const query = params.toString();
  const url = window.location.pathname + (query ? "?" + query : "");
  if (url !== window.location.pathname + window.location.search) {
    window.history[push ? "pushState" : "replaceState"](null, "", url);
  }
}

// The folded filters say how many are chosen, so a reader knows the results are narrowed.
function countChosenFilters() {
  if (!filtersCount) return;
  const chosen = form.querySelectorAll("fieldset input[type=checkbox]:checked").length;
  filtersCount.textContent = chosen ? `(${chosen} chosen)` : "(none chosen)";
}

// Beside the results on a wide screen, the filters start open; on a phone, folded.
function openFiltersWhenWide() {
  if (!filtersBox) return;
  const wide = window.matchMedia("(min-width: 48rem)");
  filtersBox.open = wide.matches;
  wide.addEventListener("change", (event) => {
    filtersBox.open = event.matches;
  });
}

function chosenFilters() {
  const filters = {};
  for (const key of filterKeys) {
    const values = [...form.querySelectorAll(`input[name="${key}"]:checked`)].map((box) => box.value);
    if (values.length) filters[key] = { any: values };
  }
  return filters;
}

function setStatus(text, busy) {
  statusLine.textContent = text;
  list.setAttribute("aria-busy", busy ? "true" : "false");
  statusLine.classList.toggle("search__status--busy", busy);
}

async function runSearch() {
  const number = ++searchNumber;
  countChosenFilters();
  const term = input.value.trim();
  const filters = chosenFilters();
  const sort = SORTS[sortSelect.value];
  if (!term && !Object.keys(filters).length) {
    list.replaceChildren();
    moreWrap.hidden = true;
    setStatus("Type a place, a council or some words, or choose a filter.", false);
    return;
  }
  setStatus("Searching…", true);
  const options = { filters };
  if (sort) options.sort = sort;
  const search = await pagefind.search(term || null, options);
  if (number !== searchNumber) return;
  results = search.results;
  shown = 0;
  list.replaceChildren();
  await showMore();
  if (number !== searchNumber) return;
  const described = term ? ` for “${term}”` : "";
  const filtered = Object.keys(filters).length ? " with the filters chosen" : "";
  if (!results.length) {
    setStatus(`No results${described}${filtered}. Check the spelling, try fewer words or remove a filter.`, false);
  } else {
    const count = results.length === 1 ? "1 result" : `${results.length} results`;
    setStatus(`${count}${described}${filtered}.`, false);
  }
}

async function showMore() {
  const next = results.slice(shown, shown + PAGE_SIZE);
  const number = searchNumber;
  const data = await Promise.all(next.map((result) => result.data()));
  if (number !== searchNumber) return;
  const first = shown;
  list.append(...data.map(resultItem));
  shown += next.length;
  moreWrap.hidden = shown >= results.length;
  if (first > 0) list.children[first].querySelector("a").focus(); // keep keyboard users at the new results
}

// Pagefind's excerpts are HTML whose only markup is <mark>: rebuild them from
// text nodes and <mark> elements, so nothing else from the index reaches the page.
function excerptNodes(html) {
  const parsed = new DOMParser().parseFromString(`<p>${html}</p>`, "text/html").body.firstChild;
  const nodes = [];
  for (const node of parsed.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      nodes.push(mark);
    } else {
      nodes.push(document.createTextNode(node.textContent));
    }
  }
  return nodes;
}

function element(tag, className, ...children) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  el.append(...children);
  return el;
}

function link(href, text) {
  const a = document.createElement("a");
  a.href = href;
  a.textContent = text;
  return a;
}

// The part of the page where the words weigh most: a statement, a theme or the page itself.
function bestSection(data) {
  let best = null;
  let bestWeight = 0;
  for (const sub of data.sub_results || []) {
    const weight = (sub.weighted_locations || []).reduce((sum, loc) => sum + loc.balanced_score, 0);
    if (weight > bestWeight) {
      best = sub;
      bestWeight = weight;
    }
  }
  return best;
}

function resultItem(data) {
  const meta = data.meta || {};
  const item = element("li", "result");
  item.append(element("h3", "result__title", link(data.url, meta.title || data.url)));
  const facts = [meta.rating, meta.score, meta.published ? `published ${meta.published}` : null].filter(Boolean);
  if (facts.length) item.append(element("p", "result__facts", facts.join(" · ")));
  const section = bestSection(data);
  const inSection = section && section.url.includes("#") && section.title !== meta.title;
  if (inSection) {
    item.append(element("p", "result__where", "Found in ", link(section.url, section.title)));
  }
  const excerpt = inSection ? section.excerpt : data.excerpt;
  if (excerpt) item.append(element("p", "result__excerpt", ...excerptNodes(excerpt)));
  return item;
}

let typingTimer = 0;

async function start() {
  const notice = document.getElementById("search-unavailable");
  if (typeof WebAssembly !== "object") return; // the notice already says what to do instead
  stateFromUrl();
  openFiltersWhenWide();
  form.hidden = false;
  notice.hidden = true;
  setStatus("Loading search…", true);
  try {
    pagefind = await import(new URL("pagefind/pagefind.js", SITE_ROOT).href);
    // No worker: one file fewer (about 12 KB) on a first search; the index is small enough for the page.
    await pagefind.options({ baseUrl: SITE_ROOT.pathname, noWorker: true });
    await pagefind.init();
  } catch (error) {
    form.hidden = true;
    notice.hidden = false;
    setStatus("", false);
    console.warn("search could not load", error);
    return;
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(typingTimer);
    stateToUrl(true);
    runSearch();
  });
  input.addEventListener("input", () => {
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => {
      stateToUrl(false);
      runSearch();
    }, 250);
  });
  form.addEventListener("change", (event) => {
    if (event.target === input) return;
    stateToUrl(true);
    runSearch();
  });
  moreButton.addEventListener("click", () => showMore());
  window.addEventListener("popstate", () => {
    stateFromUrl();
    runSearch();
  });
  await runSearch();
}

start();
