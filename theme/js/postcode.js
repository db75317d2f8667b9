// The postcode finder in the browser. It reads what was typed as generator/postcodes.py
// does, fetches the one small file for that postcode district (postcodes/<district>.json,
// written by generator/pages/finder.py), and answers in the form's live region, so screen
// readers announce it. Without JavaScript the form leads to /postcodes/ instead.

const FULL = /^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9])([A-Z]{2})$/;
const OUTWARD = /^[A-Z]{1,2}[0-9][A-Z0-9]?$/;
const SECTOR = /^([A-Z]{1,2}[0-9][A-Z0-9]?) ([0-9])$/;
const NOT_ASSESSED = "Adult social care there is not assessed by the Care Quality Commission, which covers England only.";

// A postcode, a district ("AL5") or a sector ("AL5 3"), in any case and spacing; or null.
export function readPostcode(typed) {
  const words = typed.toUpperCase().split(/\s+/).filter(Boolean);
  const joined = words.join("");
  let m = FULL.exec(joined);
  if (m) return { outward: m[1], sector: m[2], unit: m[3] };
  m = SECTOR.exec(words.join(" ")); // "CH4 8" is a sector of CH4, not CH48
  if (m) return { outward: m[1], sector: m[2], unit: "" };
  if (OUTWARD.test(joined)) return { outward: joined, sector: "", unit: "" };
  return null;
}

const shown = (pc) => `${pc.outward} ${pc.sector}${pc.unit}`.trim();

// "AabdBa" is AA, AB, AD and BA: the table's way of writing a split sector's units.
function hasUnit(written, unit) {
  let first = "";
  for (const ch of written) {
    if (ch >= "A" && ch <= "Z") first = ch;
    else if (first + ch.toUpperCase() === unit) return true;
  }
  return false;
}

// Districts of one council count once: CM17 reaches three districts, all in Essex.
function onePerCouncil(places) {
  const seen = new Map();
  for (const p of places) {
    const known = seen.get(p.n);
    if (!known) seen.set(p.n, p);
    else if (known.d !== p.d) seen.set(p.n, { ...p, d: "", t: `Adult social care here is run by ${p.n}.` });
  }
  return [...seen.values()];
}

function answer(kind, pc, places = []) {
  places = onePerCouncil(places);
  if (kind === "choose" && places.length === 1) kind = "found";
  return { kind, postcode: shown(pc), places };
}

// What the district's file says of a postcode: the same kinds as generator/postcodes.py.
export function resolve(data, pc) {
  if ("w" in data) return answer("found", pc, [data.p[data.w]]);
  if (!pc.sector) return answer("choose", pc, data.p);
  const part = data.s[pc.sector];
  if (part === undefined) return answer("unknown", pc);
  if (typeof part === "number") return answer("found", pc, [data.p[part]]);
  const here = Object.keys(part).map((i) => data.p[Number(i)]);
  if (!pc.unit) return answer("choose", pc, here);
  for (const [i, units] of Object.entries(part)) {
    if (hasUnit(units, pc.unit)) return answer("found", pc, [data.p[Number(i)]]);
  }
  return answer("not-found", pc, here);
}

async function fetchDistrict(base, outward) {
  const response = await fetch(`${base}${encodeURIComponent(outward)}.json`);
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.json();
}

export async function lookUp(base, typed) {
  let pc = readPostcode(typed);
  if (!pc) return { kind: "malformed", postcode: "", places: [] };
  let data = await fetchDistrict(base, pc.outward);
  if (!data && !pc.sector && /[0-9]$/.test(pc.outward) && OUTWARD.test(pc.outward.slice(0, -1))) {
    // "AL53", typed without its space, is a sector of AL5 when there is no AL53.
    pc = { outward: pc.outward.slice(0, -1), sector: pc.outward.slice(-1), unit: "" };
    data = await fetchDistrict(base, pc.outward);
  }
  if (!data) return { kind: "unknown", postcode: shown(pc), places: [] };
  return resolve(data, pc);
}

// --- Writing the answer -----------------------------------------------------------

function el(tag, text, attrs = {}) {
  const node = document.createElement(tag);
  if (text) node.textContent = text;
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}

function placeLine(place, root) {
  const p = el("p");
  if (place.u) {
    p.append(el("a", place.n, { href: `${root}/${place.u}` }));
  } else {
    p.append(place.n);
  }
  if (place.r) p.append(`: ${place.r}.`);
  else if (!place.x) p.append(" (this site has no page for it).");
  return p;
}

function placesList(places, root) {
  const list = el("ul");
  for (const place of places) {
    const item = el("li");
    if (place.x) item.append(`${place.x} (not assessed by the Care Quality Commission)`);
    else item.append(...placeLine(place, root).childNodes);
    list.append(item);
  }
  return list;
}

export function answerNodes(result, typed, root) {
  const { kind, postcode, places } = result;
  if (kind === "malformed") {
    if (!typed.trim()) return [el("p", "Type a postcode, for example SW1A 2AA.")];
    return [el("p", `“${typed.trim()}” is not a postcode. A postcode is letters and numbers, then a space, a number and two letters, like SW1A 2AA.`)];
  }
  if (kind === "unknown") {
    return [el("p", `There is no postcode ${postcode}. Check it and try again, or choose the start of your postcode on the finder page.`)];
  }
  if (kind === "found") {
    const place = places[0];
    if (place.x) return [el("p", `${postcode} is in ${place.x}. ${NOT_ASSESSED}`)];
    return [el("p", `${postcode}: ${place.t}`), placeLine(place, root)];
  }
  if (kind === "choose") {
    return [el("p", `Postcodes starting ${postcode} are in different council areas. Type your full postcode to know which:`), placesList(places, root)];
  }
  return [
    el("p", `${postcode} is not in our postcode list: it may be new, or mistyped. Its area is shared between:`),
    placesList(places, root),
  ];
}

async function show(region, base, root, typed) {
  region.replaceChildren(el("p", "Looking up your postcode…"));
  try {
    const result = await lookUp(base, typed);
    region.replaceChildren(...answerNodes(result, typed, root));
    region.scrollIntoView({ block: "nearest" }); // on a phone the answer may start below the fold
    return result;
  } catch {
    region.replaceChildren(el("p", "The postcode finder could not load its data. Check your connection and try again."));
    return null;
  }
}

function enhance(form) {
  const input = form.querySelector("input[name=postcode]");
  const region = form.querySelector("[role=status]");
  const { postcodes: base, root } = form.dataset;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    show(region, base, root, input.value);
  });
  // Arriving from another page's box without JavaScript there, e.g. /postcodes/?postcode=AL5
  const typed = new URLSearchParams(location.search).get("postcode");
  if (typed) {
    input.value = typed;
    show(region, base, root, typed);
  }
}

// The header's search, when what was searched for is a postcode: answered on the search page.
function answerSearch(region) {
  const typed = new URLSearchParams(location.search).get("q") || "";
  if (readPostcode(typed)) show(region, region.dataset.postcodes, region.dataset.root, typed);
}

if (typeof document !== "undefined") {
  for (const form of document.querySelectorAll("form.postcode-box")) enhance(form);
  const searched = document.getElementById("search-postcode");
  if (searched) answerSearch(searched);
}
