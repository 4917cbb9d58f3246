// The browser half of bench/search.sh: serves a built site under /repo/ (with caching allowed,
// counting the bytes it sends), opens each language's search page in headless Chromium and
// prints what a first query transfers and how long, with a warm cache, the first results take
// to appear after typing. With --compare, a site indexed by the Pagefind CLI (the Hugo copy),
// it also times the same queries through Pagefind's own API on both indexes (search, then the
// first ten results' data): what the engine costs, whoever wrote the index.
//
//   node bench/search-browser.js --site DIR [--compare HUGO_DIR] [--chromium /usr/bin/chromium]
'use strict';

const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const zlib = require('node:zlib');

const { chromium } = require(path.join(__dirname, '../tests/browser/node_modules/playwright-core'));

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : fallback;
};
const site = path.resolve(option('site'));
const compare = option('compare') && path.resolve(option('compare'));
const executablePath = option('chromium', '/usr/bin/chromium');
const QUERIES = { en: ['ratification convention', 'cooperation extradition', 'minister'], ar: ['والاتفاقية التصديق', 'بالتعاون الدولي', 'الوزير'] };

// A key every 150 ms: about 80 words a minute, a quick typist.
const TYPING_GAP = 150;

let sent = [];
// /repo/ is Accord's site; /cli/, with --compare, the Pagefind CLI's.
const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  let file = decodeURIComponent(url.pathname);
  if (file === '/blank') { res.writeHead(200, { 'content-type': 'text/html' }); return res.end('<!doctype html><title>blank</title>'); }
  const mount = [['/repo/', site], ['/cli/', compare]].find(([prefix, dir]) => dir && file.startsWith(prefix));
  if (!mount) { res.writeHead(404); return res.end(); }
  file = path.join(mount[1], file.slice(mount[0].length));
  if (!file.startsWith(mount[1])) { res.writeHead(404); return res.end(); }
  if (fs.statSync(file, { throwIfNoEntry: false })?.isDirectory()) file = path.join(file, 'index.html');
  fs.readFile(file, (error, body) => {
    if (error) { res.writeHead(404); return res.end(); }
    const type = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json' }[path.extname(file)] || 'application/octet-stream';
    // As GitHub Pages serves them: text types compressed for a browser that accepts gzip; the
    // index's own files (already gzipped) and the fonts as they are.
    const headers = { 'content-type': type, 'cache-control': 'max-age=3600' };
    if (type !== 'application/octet-stream' && /\bgzip\b/.test(req.headers['accept-encoding'] || '')) {
      body = zlib.gzipSync(body);
      headers['content-encoding'] = 'gzip';
    }
    headers['content-length'] = body.length;
    res.writeHead(200, headers);
    sent.push({ url: url.pathname, bytes: body.length });
    res.end(body);
  });
});

async function firstResults(page, query) {
  return page.evaluate(async (query) => {
    await window.accordSearch.ready;
    const box = document.getElementById('search');
    const input = document.getElementById('search-input');
    const done = new Promise((resolve) => box.addEventListener('search-results', (event) => resolve(event.detail), { once: true }));
    const started = performance.now();
    input.value = query;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    const detail = await done;
    await new Promise(requestAnimationFrame);
    return { ms: performance.now() - started, count: detail.count };
  }, query);
}

/** Milliseconds from the last key to the results when `query` is typed a key every `gap` ms
 * (the page searches at each key, as a reader sees it), for information: the target is set on
 * the whole query at once (`firstResults`), a pasted query or one typed faster than a search. */
async function typedResults(page, query, gap) {
  return page.evaluate(async ({ query, gap }) => {
    await window.accordSearch.ready;
    const box = document.getElementById('search');
    const input = document.getElementById('search-input');
    const done = new Promise((resolve) => box.addEventListener('search-results', (event) => {
      if (event.detail.query === query) resolve({ ...event.detail, at: performance.now() });
    }));
    let last = 0;
    for (const key of query) {
      input.value += key;
      last = performance.now();
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise((resolve) => setTimeout(resolve, gap));
    }
    // Timed when the results are in the page (they are, when it says so).
    const detail = await done;
    return { ms: detail.at - last, count: detail.count };
  }, { query, gap });
}

/** Milliseconds for Pagefind's API alone (bundle at `bundle`, filtered to `lang`): the search,
 * then the first ten results' data; warm (the second time in a fresh page). */
async function engineTime(context, origin, bundle, lang, query) {
  const page = await context.newPage();
  const once = async () => {
    await page.goto(`${origin}/blank`);
    return page.evaluate(async ({ bundle, lang, query }) => {
      // Pagefind picks the index of the page's language.
      document.documentElement.lang = lang;
      const pagefind = await import(bundle + 'pagefind.js');
      await pagefind.options({ excerptLength: 30 });
      await pagefind.init();
      const started = performance.now();
      const search = await pagefind.search(query);
      await Promise.all(search.results.slice(0, 10).map((r) => r.data()));
      return { ms: performance.now() - started, count: search.results.length };
    }, { bundle, lang, query });
  };
  await once();
  const warm = await once();
  await page.close();
  return warm;
}

(async () => {
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  let worst = { bytes: 0, ms: 0 };
  try {
    for (const lang of ['en', 'ar']) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const url = `${origin}/repo/${lang}/search/`;
      // Cold: everything the page and its first query load.
      sent = [];
      await page.goto(url);
      await page.waitForFunction(() => document.getElementById('search')?.dataset.ready === 'true');
      const cold = await firstResults(page, QUERIES[lang][0]);
      const all = sent.reduce((sum, r) => sum + r.bytes, 0);
      const search = sent.filter((r) => r.url.includes('/search/')).reduce((sum, r) => sum + r.bytes, 0);
      const page_html = sent.filter((r) => r.url.endsWith('/search/')).reduce((sum, r) => sum + r.bytes, 0);
      const searchOnly = search - page_html;
      console.log(`search-bench: ${lang}: first query "${QUERIES[lang][0]}": ${cold.count} results; transferred ${(searchOnly / 1024).toFixed(1)} kB for search (script, Pagefind, wasm, index, fragments), ${(all / 1024).toFixed(1)} kB with the page, its stylesheet and fonts, in ${sent.length} requests (target <= 300 kB)`);
      for (const r of sent.filter((r) => r.url.includes('/search/')).sort((a, b) => b.bytes - a.bytes).slice(0, 8)) {
        console.log(`search-bench:   ${(r.bytes / 1024).toFixed(1)} kB ${r.url.replace(/^.*\/search\//, '')}`);
      }
      worst.bytes = Math.max(worst.bytes, searchOnly);
      // Warm: the same page again from the cache, then each query.
      const times = [];
      for (const query of QUERIES[lang]) {
        await page.goto(url);
        await page.waitForFunction(() => document.getElementById('search')?.dataset.ready === 'true');
        await firstResults(page, query); // fills the cache with this query's chunks
        await page.goto(url);
        await page.waitForFunction(() => document.getElementById('search')?.dataset.ready === 'true');
        const warm = await firstResults(page, query);
        times.push(warm.ms);
        console.log(`search-bench: ${lang}: "${query}": ${warm.count} results, first results ${warm.ms.toFixed(1)} ms after typing (warm cache)`);
      }
      worst.ms = Math.max(worst.ms, ...times);
      for (const query of QUERIES[lang]) {
        await page.goto(url);
        await page.waitForFunction(() => document.getElementById('search')?.dataset.ready === 'true');
        const typed = await typedResults(page, query, TYPING_GAP);
        console.log(`search-bench: ${lang}: "${query}" typed a key every ${TYPING_GAP} ms: results ${typed.ms.toFixed(1)} ms after the last key (information)`);
      }
      if (compare) {
        for (const query of QUERIES[lang]) {
          // The CLI indexes the text as written; Accord's page normalises Arabic queries first.
          const typed = lang === 'ar' ? await page.evaluate((q) => window.accordSearch.normalizeText(q), query) : query;
          const ours = await engineTime(context, origin, `${origin}/repo/${lang}/search/pagefind/`, lang, typed);
          const cli = await engineTime(context, origin, `${origin}/cli/pagefind/`, lang, query);
          console.log(`search-bench: ${lang}: "${query}" through Pagefind's API alone: Accord's index ${ours.ms.toFixed(1)} ms (${ours.count} results), the Pagefind CLI's ${cli.ms.toFixed(1)} ms (${cli.count} results)`);
        }
      }
      await context.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  console.log(`search-bench: worst first query ${(worst.bytes / 1024).toFixed(1)} kB (target <= 300), worst first results ${worst.ms.toFixed(1)} ms (target <= 150)`);
})().catch((error) => { console.error(error); process.exit(1); });
