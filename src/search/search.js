// Accord's search page (issue 21): a small interface over the Pagefind JS API of the language's
// bundle. Written by `accord build` to search/search.js; the Arabic rules below are generated
// from src/search/arabic.rs at build time, so the query is normalised exactly as the index was.
// A classic script (not a module) in a closure of its own, so that it also runs from disk and
// can say there that search needs a server: browsers refuse module scripts from file:// pages.
(() => {
'use strict';
const RULES = /*ARABIC_RULES*/{};

const LETTERS = RULES.letters || [];
const isArabicLetter = (c) => {
  const code = c.codePointAt(0);
  return LETTERS.some(([from, to]) => code >= from && code <= to);
};

/** One character through the rules: '' drops it. */
function normalizeChar(c) {
  const code = c.codePointAt(0);
  for (const zero of RULES.digits || []) {
    if (code >= zero && code < zero + 10) return String(code - zero);
  }
  for (const rule of RULES.characters || []) {
    if (code >= rule.from && code <= rule.to) return rule.into === null ? '' : rule.into;
  }
  return c;
}

const length = (s) => [...s].length;

/** One word, as src/search/arabic.rs normalize_word. */
function normalizeWord(word) {
  let letters = [...word].map(normalizeChar).join('');
  if (![...letters].some(isArabicLetter)) return letters;
  const prefix = (RULES.prefixes || []).find(
    (p) => letters.startsWith(p) && length(letters) - length(p) >= RULES.minStem);
  if (prefix) letters = letters.slice(prefix.length);
  for (let pass = 0; pass < RULES.suffixPasses; pass++) {
    const suffix = (RULES.suffixes || []).find(
      (s) => letters.endsWith(s) && length(letters) - length(s) >= RULES.minStem);
    if (!suffix) break;
    letters = letters.slice(0, letters.length - suffix.length);
  }
  return letters;
}

const WORD_CHAR = /[\p{Alphabetic}\p{N}]/u;
const keep = (c) => WORD_CHAR.test(c) || normalizeChar(c) === '';

/** Text word by word, as src/search/arabic.rs normalize_text. */
function normalizeText(text) {
  const out = [];
  for (const word of text.split(/\s+/)) {
    const chars = [...word];
    let start = 0;
    let end = chars.length;
    while (start < end && !keep(chars[start])) start++;
    while (end > start && !keep(chars[end - 1])) end--;
    if (start === end) continue;
    out.push(normalizeWord(chars.slice(start, end).join('')));
  }
  return out.join(' ');
}

const escape = (s) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** An excerpt of `text` around the words that match the normalised `terms`, marked. */
function arabicExcerpt(text, terms, size = 30) {
  const words = text.split(' ');
  const hits = words.map((word) => {
    const normal = normalizeText(word);
    return normal !== '' && terms.some((t) => normal.startsWith(t) || (t.startsWith(normal) && length(normal) >= 3));
  });
  let best = 0;
  let bestCount = -1;
  for (let start = 0; start < Math.max(1, words.length - size + 1); start++) {
    let count = 0;
    for (let i = start; i < Math.min(words.length, start + size); i++) if (hits[i]) count++;
    if (count > bestCount) { best = start; bestCount = count; }
  }
  return words.slice(best, best + size)
    .map((word, i) => (hits[best + i] ? `<mark>${escape(word)}</mark>` : escape(word)))
    .join(' ');
}

function pluralise(page, count) {
  const category = new Intl.PluralRules(document.documentElement.lang).select(count);
  const template = page.dataset[`results${category[0].toUpperCase()}${category.slice(1)}`]
    || page.dataset.resultsOther;
  const sample = { zero: 0, one: 1, two: 2, few: 3, many: 11, other: 100 }[category];
  return template.replace(String(sample), String(count));
}

async function start(page) {
  const lang = document.documentElement.lang;
  const status = page.querySelector('.search-status');
  const list = page.querySelector('.search-results');
  const form = page.querySelector('.search-form');
  if (location.protocol === 'file:') {
    page.querySelector('.search-from-disk').hidden = false;
    return;
  }
  form.hidden = false;
  const input = form.querySelector('input[type=search]');
  const tagSelect = form.querySelector('select[name=tag]');
  let pagefind;
  try {
    pagefind = await import(new URL(`${page.dataset.bundle}pagefind.js`, location.href).href);
    await pagefind.options({ excerptLength: 30 });
    await pagefind.init();
    // Pagefind's init() only starts loading its wasm and the index's metadata; an empty search
    // resolves once both are in, so the page is ready when a reader's first query can run at
    // once, not when it would still wait for them (in steps of 50 ms, Pagefind's poll).
    await pagefind.search('');
  } catch (error) {
    status.textContent = page.dataset.failed;
    throw error;
  }

  let latest = 0;
  async function run() {
    const serial = ++latest;
    const typed = input.value.trim();
    const url = new URL(location.href);
    if (typed) url.searchParams.set('q', typed); else url.searchParams.delete('q');
    history.replaceState(null, '', url);
    if (!typed) {
      list.replaceChildren();
      status.textContent = '';
      return;
    }
    const query = lang === 'ar' ? normalizeText(typed) : typed;
    const kinds = [...form.querySelectorAll('input[name=kind]:checked')].map((box) => box.value);
    const chosen = {};
    if (kinds.length) chosen.kind = { any: kinds };
    if (tagSelect.value) chosen.tag = tagSelect.value;
    const search = await pagefind.search(query, { filters: chosen });
    if (serial !== latest || !search) return;
    const shown = await Promise.all(search.results.slice(0, 10).map((result) => result.data()));
    if (serial !== latest) return;
    const terms = query.split(' ').filter(Boolean);
    const root = page.dataset.root;
    list.replaceChildren(...shown.map((data) => {
      const item = document.createElement('li');
      item.className = 'search-result';
      const kind = (data.filters.kind || [])[0] || '';
      const excerpt = lang === 'ar' ? arabicExcerpt(data.content, terms) : data.excerpt;
      item.innerHTML = `<p class="meta"><span class="kind">${escape(page.dataset[`kind${kind[0]?.toUpperCase()}${kind.slice(1)}`] || kind)}</span>`
        + (data.meta.date ? ` · <span class="date">${escape(data.meta.date)}</span>` : '')
        + `</p><h2><a href="${escape(root + data.raw_url)}">${escape(data.meta.title || data.raw_url)}</a></h2>`
        + `<p class="excerpt">${excerpt}</p>`;
      return item;
    }));
    status.textContent = search.results.length
      ? pluralise(page, search.results.length)
      : page.dataset.noResults.replace('%q', typed);
    page.dispatchEvent(new CustomEvent('search-results', { detail: { query: typed, count: search.results.length } }));
  }
  form.addEventListener('input', run);
  form.addEventListener('submit', (event) => { event.preventDefault(); run(); });
  const initial = new URL(location.href).searchParams.get('q');
  if (initial) { input.value = initial; await run(); }
  page.dataset.ready = 'true';
}

const page = document.getElementById('search');
window.accordSearch = { normalizeWord, normalizeText, arabicExcerpt };
if (page) {
  window.accordSearch.ready = start(page);
}
})();
