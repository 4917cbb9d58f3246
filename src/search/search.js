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

/** Each word met in a result's text, normalised: ten results' texts are some 6,000 words, most
 * of them met before (in this text or another), and normalising each one again was most of the
 * time between Pagefind's answer and the results on screen (30 ms at 10,000 articles). */
const normalised = new Map();
const NORMALISED_KEPT = 100000;

function normalisedWord(word) {
  let normal = normalised.get(word);
  if (normal === undefined) {
    normal = normalizeText(word);
    if (normalised.size < NORMALISED_KEPT) normalised.set(word, normal);
  }
  return normal;
}

/** An excerpt of `text` around the words that match the normalised `terms`, marked. */
function arabicExcerpt(text, terms, size = 30) {
  const words = text.split(' ');
  const hits = words.map((word) => {
    const normal = normalisedWord(word);
    return normal !== '' && terms.some((t) => normal.startsWith(t) || (t.startsWith(normal) && length(normal) >= 3));
  });
  // The window of `size` words with the most hits, the first of them if several tie.
  let best = 0;
  let count = 0;
  for (let i = 0; i < Math.min(words.length, size); i++) if (hits[i]) count++;
  let bestCount = count;
  for (let start = 1; start + size <= words.length; start++) {
    count += (hits[start + size - 1] ? 1 : 0) - (hits[start - 1] ? 1 : 0);
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
  const bundle = new URL(page.dataset.bundle, location.href);
  // The word to warm the engine with, chosen by the build from the index's smallest chunks.
  const warmUpWord = fetch(new URL(WARM_UP_FILE, bundle))
    .then((response) => (response.ok ? response.text() : ''))
    .catch(() => '');
  let pagefind;
  try {
    pagefind = await import(new URL('pagefind.js', bundle).href);
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

  // One search at a time: keys pressed while one runs make one more search, of what the box
  // then holds, once it ends. Started at every key, the searches queued in Pagefind's worker and
  // a quick typist's last key waited for all of them (270-390 ms at 10,000 articles).
  let searches = 0;
  let searching = null;
  let again = false;
  function run() {
    if (searching) {
      again = true;
    } else {
      searching = (async () => {
        try {
          do {
            again = false;
            await searchOnce();
          } while (again);
        } finally {
          searching = null;
        }
      })();
    }
    return searching;
  }

  /** Searches for what the box holds and shows the results, unless the query changed meanwhile. */
  async function searchOnce() {
    searches++;
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
    if (again || !search) return;
    const shown = await Promise.all(search.results.slice(0, 10).map((result) => result.data()));
    if (again) return;
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
  if (initial) input.value = initial;
  // A query from the address, or typed (or restored by the browser) while the engine loaded.
  if (input.value.trim()) await run();
  await warmUp(pagefind, (await warmUpWord).trim(), () => searches > 0);
  page.dataset.ready = 'true';
}

/** How many searches warm the engine: at 10,000 articles per language, a first query with its
 * results' data took 183-197 ms after none, 129 ms after ten, 120-134 ms after twenty or forty
 * (Pagefind's API, medians of 6). */
const WARM_UP_SEARCHES = 10;
const WARM_UP_FILE = 'warm-up.txt';

/** Searches `word` a few times, unless the reader has searched (`readerSearched`): V8 first
 * runs Pagefind's wasm and scripts in its baseline tiers, and these searches move the code a
 * query runs (reading a chunk, matching, scoring, answering) to the optimising tier before the
 * reader's first query needs it. The word's chunk is one of the index's smallest (a few kB). */
async function warmUp(pagefind, word, readerSearched) {
  try {
    for (let i = 0; word && i < WARM_UP_SEARCHES && !readerSearched(); i++) {
      await pagefind.search(word);
    }
  } catch (error) {
    // A cold engine still answers: the page goes on without the warm-up.
    console.warn('search: the warm-up search failed', error);
  }
}

const page = document.getElementById('search');
window.accordSearch = { normalizeWord, normalizeText, arabicExcerpt };
if (page) {
  window.accordSearch.ready = start(page);
}
})();
