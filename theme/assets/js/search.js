// Site search on Pagefind's JavaScript API: results as you type, filters, and ?q= in the address.
// Loaded as a module by search.html only. Without it (or if the index fails to load) the page keeps
// its server-rendered message with links to the themes and the archives.

// Each result's excerpt costs a fetch of that page's text (about 3 KB), so show a few at a time,
// as Pagefind's own interface does; readers ask for more with a button.
const PAGE_SIZE = 5;
const DELAY_MS = 250;

const root = document.querySelector("[data-app-search]");
if (root) start(root);

function part(name) {
  return root.querySelector(`[data-app-search-${name}]`);
}

function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

function capitalise(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// Pagefind's excerpt is text with <mark> around matched words; keep exactly that and nothing else.
function excerptNodes(html) {
  const template = document.createElement("template");
  template.innerHTML = html;
  const out = document.createDocumentFragment();
  for (const node of template.content.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      out.append(mark);
    } else {
      out.append(document.createTextNode(node.textContent));
    }
  }
  return out;
}

// " self harm " for "Self-harm?": lower case, every run of other characters one space, padded, so that
// includes(" self harm") matches whole words and their beginnings ("suicid" in "suicidal").
function words(text) {
  const plain = text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  return plain ? ` ${plain}` : "";
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

function renderResult(data) {
  const meta = data.meta || {};
  const item = element("li", "app-search-result");
  const heading = element("h3", "app-search-result__title");
  const link = element("a", "app-search-result__link", meta.title || data.url);
  link.href = data.url;
  heading.append(link);
  item.append(heading);

  // The same one line as a post's byline, then what kind of page it is.
  const details = element("p", "app-search-result__meta");
  const type = (data.filters && data.filters.type && data.filters.type[0]) || "";
  if (meta.authors) details.append(element("span", "", `By ${meta.authors}`));
  if (meta.date) {
    const time = element("time", "", meta.date);
    if (meta.datetime) time.dateTime = meta.datetime;
    details.append(time);
  }
  if (type) details.append(element("span", "app-search-result__type", type));
  if (details.childNodes.length) item.append(details);
  // Before the extract, as on the post itself (partials/content_note.html); text only, like every meta.
  if (meta.content_note) {
    const note = element("p", "app-content-note-tag");
    note.append(element("strong", "", "Content note:"), ` ${meta.content_note}`);
    item.append(note);
  }

  const excerpt = element("p", "app-search-result__excerpt");
  excerpt.append(excerptNodes(data.excerpt || ""));
  item.append(excerpt);
  if (meta.themes) item.append(element("p", "app-search-result__themes", `Themes: ${meta.themes}`));
  return item;
}

function sortValues(key, counts) {
  const values = Object.keys(counts);
  if (key === "year") return values.sort((a, b) => b.localeCompare(a));
  return values.sort((a, b) => a.localeCompare(b, "en", { sensitivity: "base" }));
}

// What each filter group is called on the page; the keys stay as they are in shared addresses.
const GROUP_LABELS = { theme: "Theme", "role group": "Who wrote it", type: "Type", year: "Year" };

// One folded group per filter (Theme, Who wrote it, …), each option a whole-row label of at least
// 40 px, so a finger can hit it. A group with a chosen option starts open.
function buildFilters(form, available, order, chosen) {
  const keys = [...order.filter((k) => k in available), ...Object.keys(available).filter((k) => !order.includes(k))];
  const counters = new Map();
  keys.forEach((key, group) => {
    const values = sortValues(key, available[key]);
    if (!values.length) return;
    const name = GROUP_LABELS[key] || capitalise(key);
    const picked = chosen.get(key) || [];
    const details = element("details", "app-search-filters__group");
    details.open = picked.length > 0;
    details.append(element("summary", "app-search-filters__legend", name));
    const fieldset = element("fieldset", "app-search-filters__fieldset");
    fieldset.append(element("legend", "app-visually-hidden", name));
    values.forEach((value) => {
      const label = element("label", "app-search-filters__item");
      const box = element("input", "app-search-filters__input");
      box.type = "checkbox";
      box.name = key;
      box.value = value;
      box.checked = picked.includes(value);
      const count = element("span", "app-search-filters__count");
      label.append(box, `${value} `, count);
      counters.set(`${key}\u0000${value}`, { count, label, box, details });
      fieldset.append(label);
    });
    details.append(fieldset);
    form.append(details);
  });
  return counters;
}

function filterQuery(filters) {
  const query = {};
  for (const [key, values] of filters) query[key] = { any: values };
  return query;
}

// The filters the reader has ticked, as a Map of filter name -> values, from the checkboxes.
function tickedFilters(form) {
  const chosen = new Map();
  for (const box of form.querySelectorAll("input:checked")) {
    chosen.set(box.name, [...(chosen.get(box.name) || []), box.value]);
  }
  return chosen;
}

async function start(root) {
  const fallback = part("fallback");
  const ui = part("ui");
  const input = part("input");
  const form = part("form");
  const filterForm = part("filters");
  const clear = part("clear");
  const details = part("details");
  const chosenCount = part("chosen");
  const status = part("status");
  const empty = part("empty");
  const list = part("results");
  const more = part("more");
  // The urgent-help box (partials/urgent_help.html) leads when nothing is found or the words ask for help.
  const help = part("help");
  const helpWords = (help ? help.dataset.words || "" : "").split("|").map(words).filter(Boolean);
  const order = (root.dataset.filters || "").split("|").filter(Boolean);
  const baseTitle = document.title;

  let pagefind;
  try {
    const bundle = new URL(root.dataset.bundle, document.baseURI);
    pagefind = await import(new URL("pagefind.js", bundle).href);
    // No web worker: for an index this size searching on the page is quick, and it saves every
    // reader a second copy of the search code (12 KB compressed) on the first query.
    await pagefind.options({ excerptLength: 30, noWorker: true });
    await pagefind.init();
  } catch (error) {
    part("fallback-reason").textContent = "Sorry, search is not working at the moment.";
    console.warn("Search could not start:", error);
    return;
  }

  const params = new URLSearchParams(window.location.search);
  // Until the filter panel is first opened, the chosen filters live here (from the address).
  let chosen = new Map(order.map((key) => [key, params.getAll(key)]).filter(([, values]) => values.length));
  let counters = null;
  let lastCounts = null;
  input.value = params.get("q") || "";
  fallback.hidden = true;
  ui.hidden = false;

  let results = [];
  let shown = 0;
  let latest = 0;
  let timer;

  // Counts beside each option; an option with no results is hidden (unless ticked, so it can be
  // unticked), and so is a group left with none.
  function showCounts(counts) {
    if (!counters || !counts) return;
    const shownIn = new Map();
    for (const [id, { count, label, box, details }] of counters) {
      const [key, value] = id.split("\u0000");
      const n = (counts[key] && counts[key][value]) || 0;
      count.textContent = `(${n})`;
      label.hidden = n === 0 && !box.checked;
      shownIn.set(details, (shownIn.get(details) || 0) + (label.hidden ? 0 : 1));
    }
    for (const [details, visible] of shownIn) details.hidden = visible === 0;
  }

  // The filter values come from Pagefind's filter index, which grows with the site (tens of KB at
  // thousands of posts), so it is fetched only when a reader opens the panel or arrives with filters.
  let loadingFilters = null;
  function loadFilters() {
    loadingFilters ||= (async () => {
      filterForm.replaceChildren(element("p", "app-search-filters__loading", "Loading filters…"));
      const available = await pagefind.filters();
      filterForm.replaceChildren();
      counters = buildFilters(filterForm, available, order, chosen);
      showCounts(lastCounts || available);
    })();
    return loadingFilters;
  }

  function updateAddress(term, filters) {
    const next = new URLSearchParams();
    if (term) next.set("q", term);
    for (const [key, values] of filters) values.forEach((value) => next.append(key, value));
    const query = next.toString();
    window.history.replaceState(null, "", query ? `?${query}` : window.location.pathname);
    document.title = term ? `${term} – ${baseTitle}` : baseTitle;
  }

  // Counts next to each filter for the words typed so far, once the filter panel is there.
  async function refreshCounts() {
    const term = input.value.trim();
    if (!term && chosen.size === 0) return;
    const search = await pagefind.search(term || null, { filters: filterQuery(chosen) });
    if (search) {
      lastCounts = search.totalFilters || search.filters;
      showCounts(lastCounts);
    }
  }

  async function showMore(moveFocus) {
    const batch = results.slice(shown, shown + PAGE_SIZE);
    const data = await Promise.all(batch.map((result) => result.data()));
    const items = data.map(renderResult);
    list.append(...items);
    shown += batch.length;
    more.hidden = shown >= results.length;
    more.textContent = `Show more results (${shown} of ${results.length} shown)`;
    if (moveFocus && items.length) items[0].querySelector("a").focus();
  }

  async function run() {
    window.clearTimeout(timer);
    const call = ++latest;
    const term = input.value.trim();
    if (counters) chosen = tickedFilters(filterForm);
    const filters = chosen;
    updateAddress(term, filters);
    const picked = [...filters.values()].reduce((sum, values) => sum + values.length, 0);
    clear.hidden = picked === 0;
    chosenCount.textContent = picked ? `(${picked} chosen)` : "";
    if (!term && filters.size === 0) {
      results = [];
      list.replaceChildren();
      more.hidden = true;
      empty.hidden = true;
      if (help) help.hidden = true;
      status.textContent = "";
      return;
    }
    const search = await pagefind.search(term || null, { filters: filterQuery(filters) });
    if (call !== latest || !search) return;
    results = search.results;
    shown = 0;
    list.replaceChildren();
    if (counters) {
      lastCounts = search.totalFilters || search.filters;
      showCounts(lastCounts);
    }
    await showMore(false);
    if (call !== latest) return;
    const about = term ? ` for ${term}` : "";
    const narrowed = filters.size
      ? `, filtered by ${[...filters].map(([key, values]) => `${(GROUP_LABELS[key] || key).toLowerCase()}: ${values.join(" or ")}`).join("; ")}`
      : "";
    empty.hidden = results.length > 0;
    if (help) help.hidden = results.length > 0 && !helpWords.some((w) => words(term).includes(w));
    status.textContent = results.length
      ? `${plural(results.length, "result", "results")}${about}${narrowed}`
      : `No results${about}${narrowed}.`;
  }

  input.addEventListener("input", () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(run, DELAY_MS);
    if (input.value.trim()) pagefind.preload(input.value.trim());
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });
  details.addEventListener("toggle", () => {
    if (details.open) loadFilters().then(refreshCounts);
  });
  filterForm.addEventListener("change", run);
  filterForm.addEventListener("submit", (event) => event.preventDefault());
  clear.addEventListener("click", () => {
    for (const box of filterForm.querySelectorAll("input:checked")) box.checked = false;
    run();
    input.focus();
  });
  more.addEventListener("click", () => showMore(true));

  if (chosen.size) details.open = true;
  await run();
}
