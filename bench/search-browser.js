// The browser half of bench/search.sh: serves a built site under /repo/ (with caching allowed,
// counting the bytes it sends), opens each language's search page in headless Chromium and
// prints what a first query transfers and how long, with a warm cache, the first results take
// to appear after typing.
//
//   node bench/search-browser.js --site DIR [--chromium /usr/bin/chromium]
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
const executablePath = option('chromium', '/usr/bin/chromium');
const QUERIES = { en: ['ratification convention', 'cooperation extradition', 'minister'], ar: ['والاتفاقية التصديق', 'بالتعاون الدولي', 'الوزير'] };

let sent = [];
const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  let file = decodeURIComponent(url.pathname);
  if (!file.startsWith('/repo/')) { res.writeHead(404); return res.end(); }
  file = path.join(site, file.slice('/repo/'.length));
  if (!file.startsWith(site)) { res.writeHead(404); return res.end(); }
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
      await context.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  console.log(`search-bench: worst first query ${(worst.bytes / 1024).toFixed(1)} kB (target <= 300), worst first results ${worst.ms.toFixed(1)} ms (target <= 150)`);
})().catch((error) => { console.error(error); process.exit(1); });
