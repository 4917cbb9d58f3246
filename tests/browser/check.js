#!/usr/bin/env node
// Loads the built site in headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core;
// no browser is downloaded) and checks it as a reader would meet it:
//
//   - accessibility: axe-core on the home page, an article, the timeline and the 404 page, in
//     English and in Arabic: no violation allowed;
//   - keyboard: the skip link comes first and works, Tab follows the document order, every
//     focused element shows a focus ring, and the header is walked in reading order (right to
//     left in Arabic);
//   - layout: language and direction, start-aligned text, the timeline's line, the status box's
//     accent, the progress bar and the language switcher on the mirrored side in Arabic, the
//     Arabic webfont loaded and used, nothing wider than a 360 px phone;
//   - the reading experience (issue 20): the Latin and Arabic webfonts loaded and drawing the text,
//     no italic on Arabic text, the status strip above the articles on a 390 px phone and the
//     panels beside the text at 1280 px, no horizontal overflow at 320 px, axe in the dark theme
//     too (prefers-color-scheme emulated with Emulation.setEmulatedMedia), print media without the
//     navigation and with link addresses, Arabic brackets kept with their words;
//   - pages that work from anywhere: the root page from file:// offering both editions and picking
//     the reader's language (Arabic for ar*), the 404 page and an article from disk with every
//     link, icon, manifest and font resolving to a file, the favicon and the web app manifests;
//   - screenshots of every page, desktop (1280) and phone (390), light and dark, in the
//     screenshots folder.
//
//   node check.js --site DIR --port PORT [--base /accord/] [--screenshots DIR]
//
// The site must have been built with --base-url http://127.0.0.1:PORT/BASE. Exits 1 on any
// failure. Its last lines are a summary of the counts.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');
const { serve } = require('./server');

const args = Object.fromEntries(
  process.argv
    .slice(2)
    .reduce((pairs, arg, i, all) => (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
const SITE = path.resolve(args.site || 'target/browser-site');
const BASE = args.base || '/accord/';
const PORT = Number(args.port || 0);
const SHOTS = path.resolve(args.screenshots || 'target/screenshots');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
const NARROW = 320;
const ARABIC_FONT = 'Noto Naskh Arabic';
const LATIN_FONT = 'Noto Serif';
const UI_FONT = 'Noto Sans';

const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

// ---------------------------------------------------------------------------------------------
// Results

const tally = { passed: 0, failed: 0, failures: [] };
const axeTally = { pages: 0, rules: new Set(), applicable: new Set(), violations: 0, incomplete: 0, known: 0 };

function record(where, name, ok, detail) {
  if (ok) {
    tally.passed += 1;
    return;
  }
  tally.failed += 1;
  const text = `${where}: ${name}${detail === undefined ? '' : `: ${typeof detail === 'string' ? detail : JSON.stringify(detail)}`}`;
  tally.failures.push(text);
  console.log(`  FAIL ${text}`);
}

// ---------------------------------------------------------------------------------------------
// The pages

function articleStem() {
  const en = path.join(SITE, 'en', 'articles');
  const ar = path.join(SITE, 'ar', 'articles');
  const stems = fs.existsSync(en) ? fs.readdirSync(en).filter((stem) => fs.existsSync(path.join(ar, stem, 'index.html'))) : [];
  if (stems.length === 0) throw new Error(`no article built in both languages under ${SITE}`);
  return stems.sort()[0];
}

function pages() {
  const stem = articleStem();
  const list = [];
  for (const lang of ['en', 'ar']) {
    list.push({ lang, kind: 'home', path: `${lang}/`, status: 200 });
    list.push({ lang, kind: 'article', path: `${lang}/articles/${stem}/`, status: 200 });
    list.push({ lang, kind: 'timeline', path: `${lang}/timeline/`, status: 200 });
    // The one 404 page, reached from an address in each edition (and at different depths, since
    // its links start from the base path).
    list.push({ lang, kind: '404', path: lang === 'en' ? 'en/no/such/page/' : 'ar/no-such-article/', status: 404 });
    // The treaty tracker's pages, when the site has them.
    if (fs.existsSync(path.join(SITE, lang, 'states', 'index.html'))) {
      list.push({ lang, kind: 'states', path: `${lang}/states/`, status: 200 });
      if (fs.existsSync(path.join(SITE, lang, 'states', 'ma', 'index.html'))) {
        list.push({ lang, kind: 'state', path: `${lang}/states/ma/`, status: 200 });
      }
    }
  }
  return list;
}

// ---------------------------------------------------------------------------------------------
// Opening a page

async function open(browser, origin, spec, device) {
  const context = await browser.newContext({
    viewport: device === 'phone' ? PHONE : DESKTOP,
    deviceScaleFactor: device === 'phone' ? 2 : 1,
    isMobile: device === 'phone',
    hasTouch: device === 'phone',
    locale: spec.lang === 'ar' ? 'ar-MA' : 'en-GB',
    reducedMotion: 'reduce',
    serviceWorkers: 'block',
  });
  const problems = [];
  const outside = [];
  // The site must load nothing from elsewhere: anything not on our server is refused and noted.
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(`${origin}/`)) return route.continue();
    outside.push(url);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  const url = `${origin}${BASE}${spec.path}`;
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    // The 404 page's own status is logged as a failed resource: expected.
    if (spec.status === 404 && message.location().url === url && /404/.test(message.text())) return;
    problems.push(`console error: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => problems.push(`script error: ${error.message}`));
  page.on('requestfailed', (request) => {
    if (!request.url().startsWith(`${origin}/`)) return;
    problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`);
  });
  page.on('response', (response) => {
    if (response.url() !== url && response.status() >= 400) problems.push(`HTTP ${response.status()} for ${response.url()}`);
  });
  const response = await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  return { context, page, url, response, problems, outside };
}

// ---------------------------------------------------------------------------------------------
// Accessibility: axe-core

// Violations already reported to the owners of a page family, tolerated here until they are fixed
// (each is printed as KNOWN and counted apart). Remove an entry once its page is fixed.
// Violations accepted for a page kind, each with the reason. None today: the states pages' map
// is a group of links and the table's scroll region is named by its caption.
const KNOWN_AXE = {};

async function runAxe(page, where, kind) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations', 'incomplete'] });
    const brief = (items) =>
      items.map((item) => ({
        id: item.id,
        impact: item.impact,
        help: item.help,
        nodes: item.nodes.map((node) => ({ target: node.target.join(' '), summary: node.failureSummary, html: node.html })),
      }));
    return {
      violations: brief(r.violations),
      incomplete: brief(r.incomplete),
      rules: [...r.passes, ...r.violations, ...r.incomplete, ...r.inapplicable].map((item) => item.id),
      applicable: [...r.passes, ...r.violations, ...r.incomplete].map((item) => item.id),
    };
  });
  axeTally.pages += 1;
  for (const rule of result.rules) axeTally.rules.add(rule);
  for (const rule of result.applicable) axeTally.applicable.add(rule);
  const known = result.violations.filter((violation) => (KNOWN_AXE[kind] || []).includes(violation.id));
  for (const violation of known) console.log(`  KNOWN ${where}: ${violation.id} (${violation.impact}): ${violation.help} [${violation.nodes.length} nodes]`);
  axeTally.known += known.length;
  result.violations = result.violations.filter((violation) => !known.includes(violation));
  axeTally.violations += result.violations.length;
  axeTally.incomplete += result.incomplete.length;
  for (const violation of result.violations) {
    console.log(`  AXE ${where}: ${violation.id} (${violation.impact}): ${violation.help}`);
    for (const node of violation.nodes.slice(0, 5)) {
      console.log(`      ${node.target}: ${node.html.slice(0, 160)}`);
      if (node.summary) console.log(`        ${node.summary.replace(/\n/g, ' / ')}`);
    }
  }
  for (const item of result.incomplete) {
    console.log(`  axe ${where}: needs review: ${item.id}: ${item.help} (${item.nodes.map((n) => n.target).slice(0, 3).join(', ')})`);
  }
  record(where, `axe: ${result.rules.length} rules, no violation`, result.violations.length === 0, result.violations.map((v) => v.id));
  return result;
}

// ---------------------------------------------------------------------------------------------
// Layout, measured in the page. Returns [{ name, ok, detail }].

function measureLayout({ spec, device, fontFamily, latinFont, viewportWidth }) {
  const out = [];
  const check = (name, ok, detail) => out.push({ name, ok: Boolean(ok), detail: ok ? undefined : detail });
  const style = (el, pseudo) => getComputedStyle(el, pseudo);
  const html = document.documentElement;
  const main = document.querySelector('main');
  const rootDir = spec.kind === '404' ? 'ltr' : spec.lang === 'ar' ? 'rtl' : 'ltr';
  const rootLang = spec.kind === '404' ? 'en' : spec.lang;
  const plain = (r) => ({ left: r.left, right: r.right, top: r.top, bottom: r.bottom });
  const describe = (el) =>
    `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.classList.length ? `.${[...el.classList].join('.')}` : ''}`;

  // Language and direction: the attributes, and what the browser computed from them.
  check('html lang attribute', html.getAttribute('lang') === rootLang, html.getAttribute('lang'));
  check('html dir attribute', html.getAttribute('dir') === rootDir, html.getAttribute('dir'));
  check(
    `computed direction ${rootDir}`,
    [html, document.body, main].every((el) => style(el).direction === rootDir),
    [html, document.body, main].map((el) => style(el).direction),
  );
  const wrongDirection = [...document.body.querySelectorAll('[lang]')]
    .filter((el) => style(el).direction !== (el.lang.startsWith('ar') ? 'rtl' : 'ltr'))
    .map(describe);
  check('every lang="…" element has its language direction', wrongDirection.length === 0, wrongDirection);
  check('the stylesheet is applied', style(html).fontSize === '17px', style(html).fontSize);

  // Text is start-aligned: by the computed value...
  const textual = [...main.querySelectorAll('p, li, h1, h2, h3, h4, td, th, dt, dd, figcaption, blockquote')];
  const notStart = textual.filter((el) => {
    const align = style(el).textAlign;
    const start = style(el).direction === 'rtl' ? 'right' : 'left';
    return align !== 'start' && align !== start;
  });
  check('text-align is start on every block of text', notStart.length === 0, notStart.slice(0, 5).map(describe));

  // ...and as seen: the last line of a heading or paragraph begins at the start edge of its box
  // (the right edge in Arabic), where a centred or end-aligned line would not.
  const lastLine = (el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    const rects = [...range.getClientRects()].filter((r) => r.width > 0.5 && r.height > 0.5);
    if (rects.length === 0) return null;
    const bottom = Math.max(...rects.map((r) => r.top));
    const line = rects.filter((r) => Math.abs(r.top - bottom) < 4);
    return { left: Math.min(...line.map((r) => r.left)), right: Math.max(...line.map((r) => r.right)) };
  };
  const contentBox = (el) => {
    const r = el.getBoundingClientRect();
    const s = style(el);
    return {
      left: r.left + parseFloat(s.borderLeftWidth) + parseFloat(s.paddingLeft),
      right: r.right - parseFloat(s.borderRightWidth) - parseFloat(s.paddingRight),
    };
  };
  const startAligned = (el, name) => {
    if (!el) return check(`${name}: present`, false, 'not found');
    const line = lastLine(el);
    if (!line) return check(`${name}: has text`, false, 'no line box');
    const box = contentBox(el);
    const dir = style(el).direction;
    const gap = dir === 'rtl' ? box.right - line.right : line.left - box.left;
    check(`${name}: its last line starts at the ${dir === 'rtl' ? 'right' : 'left'} edge`, Math.abs(gap) <= 2, {
      dir,
      gap,
      line,
      box,
    });
  };
  const probes = {
    home: ['main h1', '.article-list h2', '.article-list article p:not(.meta)', '.status .progress-label'],
    article: ['main h1', '.article .summary', '.article-body p', '.article-footer p'],
    timeline: ['main h1', '.timeline-page .intro', '.event-body p', '.event h3'],
    404: ['section[lang="en"] h1', 'section[lang="en"] p', 'section[lang="ar"] h2', 'section[lang="ar"] p'],
    states: ['main h1', '.states-page .intro'],
    state: ['main h1', '.actions dt'],
  }[spec.kind];
  for (const selector of probes) startAligned(document.querySelector(selector), selector);

  // The header: the title at the start, the language switcher at the end (left in Arabic).
  const row = document.querySelector('.header-row');
  const switcher = document.querySelector('.language-switcher');
  const title = document.querySelector('.site-title');
  if (spec.kind !== '404') {
    check('the header has a language switcher', row && switcher && title, 'missing');
  }
  if (row && switcher && title) {
    const box = contentBox(row);
    const s = plain(switcher.getBoundingClientRect());
    const t = plain(title.getBoundingClientRect());
    const middle = (box.left + box.right) / 2;
    if (rootDir === 'rtl') {
      check('switcher: in the left half of the header, title in the right half', s.right <= middle && t.right > middle, { s, t, middle });
      check('switcher: left of the title', s.right <= t.left || s.top >= t.bottom, { s, t });
    } else {
      check('switcher: in the right half of the header, title in the left half', s.left >= middle && t.left < middle, { s, t, middle });
      check('switcher: right of the title', s.left >= t.right || s.top >= t.bottom, { s, t });
    }
    const gap = rootDir === 'rtl' ? s.left - box.left : box.right - s.right;
    check(`switcher: at the ${rootDir === 'rtl' ? 'left' : 'right'} end of its row`, Math.abs(gap) <= 2, { gap });
  }

  // The timeline's line: on the start side (right in Arabic), with the dots on it and the events
  // beside it.
  if (spec.kind === 'timeline') {
    const lists = [...document.querySelectorAll('.events')];
    check('timeline: has events', lists.length > 0, lists.length);
    const start = rootDir === 'rtl' ? 'Right' : 'Left';
    const end = rootDir === 'rtl' ? 'Left' : 'Right';
    const badLine = lists.filter((ol) => {
      const s = style(ol);
      return !(parseFloat(s[`border${start}Width`]) >= 2 && s[`border${start}Style`] === 'solid' && parseFloat(s[`border${end}Width`]) === 0);
    });
    check(`timeline: the line is drawn on the ${start.toLowerCase()} only`, badLine.length === 0, badLine.length);
    const events = [...document.querySelectorAll('.events > .event')];
    const badDot = events.filter((li) => {
      const dot = style(li, '::before');
      return !(parseFloat(dot[start.toLowerCase()]) < 0 && dot.position === 'absolute');
    });
    check(`timeline: every dot hangs over the ${start.toLowerCase()} edge, on the line`, badDot.length === 0, badDot.map(describe));
    const badText = events.filter((li) => {
      const ol = li.parentElement.getBoundingClientRect();
      const h = li.querySelector('h3').getBoundingClientRect();
      return rootDir === 'rtl' ? !(h.right < ol.right - 8) : !(h.left > ol.left + 8);
    });
    check(`timeline: the events' text sits ${rootDir === 'rtl' ? 'left' : 'right'} of the line`, badText.length === 0, badText.map(describe));
  }

  // The status box (home): the accent border and the progress bar grow from the start side.
  const status = document.querySelector('.status');
  if (status) {
    const start = rootDir === 'rtl' ? 'Right' : 'Left';
    const s = style(status);
    check(`status box: its accent is on the ${start.toLowerCase()}`, parseFloat(s[`border${start}Width`]) >= 4, s[`border${start}Width`]);
    const barEl = document.querySelector('.progress');
    const fillEl = document.querySelector('.progress-fill');
    if (barEl && fillEl) {
      const bar = plain(barEl.getBoundingClientRect());
      const fill = plain(fillEl.getBoundingClientRect());
      const gap = rootDir === 'rtl' ? bar.right - fill.right : fill.left - bar.left;
      check(`progress bar: fills from the ${start.toLowerCase()}`, Math.abs(gap) <= 1, { bar, fill });
    }
  }

  // The Arabic webfont: declared, loaded (both weights in use), reported by the font API.
  const arabic = document.querySelector('[lang="ar"] h1, [lang="ar"] h2, [lang="ar"] p');
  if (arabic) {
    const faces = [...document.fonts].filter((face) => face.family.replace(/["']/g, '') === fontFamily);
    check('webfont: @font-face declared', faces.length > 0, faces.length);
    const regular = faces.find((face) => String(face.weight) === '400');
    check('webfont: regular face loaded', regular && regular.status === 'loaded', regular && regular.status);
    const bold = faces.find((face) => String(face.weight) === '700');
    check('webfont: bold face loaded', bold && bold.status === 'loaded', bold && bold.status);
    check(`webfont: document.fonts.check('16px "${fontFamily}"')`, document.fonts.check(`16px "${fontFamily}"`, 'عربي'));
    check(`webfont: first in the Arabic text's font-family`, style(arabic).fontFamily.replace(/["']/g, '').startsWith(fontFamily), style(arabic).fontFamily);
  }

  // The Latin webfont (English pages): declared, loaded, reported by the font API and first in the
  // text's font-family (the machine may have a "Noto Serif" of its own: the drawing check below,
  // with isCustomFont, tells the webfont from it).
  if (spec.lang === 'en' && spec.kind !== '404') {
    const faces = [...document.fonts].filter((face) => face.family.replace(/["']/g, '') === latinFont);
    const regular = faces.find((face) => String(face.weight) === '400' && face.style === 'normal');
    check('Latin webfont: regular face loaded', regular && regular.status === 'loaded', regular && regular.status);
    check(`Latin webfont: document.fonts.check('16px "${latinFont}"')`, document.fonts.check(`16px "${latinFont}"`, 'Accord'));
    const text = document.querySelector(
      { home: '.article-list article p:not(.meta)', article: '.article-body p', timeline: '.event-body p', states: '.states-page .intro', state: 'main h1' }[spec.kind],
    );
    check("Latin webfont: first in the text's font-family", text && style(text).fontFamily.replace(/["']/g, '').startsWith(latinFont), text && style(text).fontFamily);
  }

  // No italic on Arabic text: Arabic has none, and a browser slants Naskh synthetically.
  const arabicText = [...document.body.querySelectorAll('*')].filter(
    (el) =>
      (el.closest('[lang]')?.lang || '').startsWith('ar') &&
      [...el.childNodes].some((node) => node.nodeType === Node.TEXT_NODE && /[\u0600-\u06FF]/.test(node.textContent)),
  );
  const slanted = arabicText.filter((el) => style(el).fontStyle !== 'normal');
  check(`no italic on Arabic text (${arabicText.length} elements)`, slanted.length === 0, slanted.slice(0, 5).map(describe));
  if (spec.lang === 'ar' && spec.kind === 'article') {
    const note = document.querySelector('.article-body em');
    if (note) {
      check("Arabic emphasis (the editor's note): upright and bolder", style(note).fontStyle === 'normal' && Number(style(note).fontWeight) >= 600, {
        style: style(note).fontStyle,
        weight: style(note).fontWeight,
      });
    }
  }

  // The grid: on a phone the home page's status is a strip above the articles; at 1280 px the
  // status, the article's panel and the timeline's "what comes next" sit beside the text, which
  // keeps a reading measure.
  const box = (selector) => {
    const el = document.querySelector(selector);
    return el ? plain(el.getBoundingClientRect()) : null;
  };
  const beside = (a, b) => a && b && (a.right <= b.left || b.right <= a.left) && a.top < b.bottom && b.top < a.bottom;
  if (spec.kind === 'home' && document.querySelector('.status')) {
    const status = box('.status');
    const first = box('.article-list > li');
    if (device === 'phone') {
      check('phone: the status strip is above the articles', status && first && status.bottom <= first.top, { status, first });
      check('phone: the status strip is compact (under 45% of the screen)', status && status.bottom - status.top < 0.45 * innerHeight, status);
    } else {
      check('desktop: the status is beside the articles', beside(status, box('.news')), { status, news: box('.news') });
    }
  }
  if (device === 'desktop' && spec.kind === 'article') {
    // The text column: from the top of the article's header to the end of its body.
    const header = box('.article-header');
    const body = box('.article-body');
    const column = header && body ? { ...body, top: header.top } : null;
    check('desktop: the "in this story" panel is beside the article text', beside(box('.article-footer'), column), {
      footer: box('.article-footer'),
      column,
    });
  }
  if (device === 'desktop' && spec.kind === 'timeline' && document.querySelector('.next')) {
    check('desktop: "what comes next" is beside the timeline', beside(box('.next'), box('.timeline')), { next: box('.next'), timeline: box('.timeline') });
  }
  if (device === 'desktop' && ['article', 'timeline'].includes(spec.kind)) {
    const text = document.querySelector(spec.kind === 'article' ? '.article-body p' : '.event-body p');
    const probe = document.createElement('span');
    probe.style.cssText = 'display:inline-block;inline-size:10ch;position:absolute;visibility:hidden';
    text.appendChild(probe);
    const ch = probe.getBoundingClientRect().width / 10;
    probe.remove();
    const measure = text.getBoundingClientRect().width / ch;
    check(`desktop: the text keeps a reading measure (${Math.round(measure)}ch, 55–80)`, measure >= 55 && measure <= 80, measure);
  }

  // Nothing wider than the viewport: no horizontal scrolling, and no element past either edge
  // (in RTL, content past the left edge scrolls, content past the right edge is simply cut off).
  // On the phone, the layout viewport is the device's 360 px only if the page asks for it
  // (<meta name="viewport" content="width=device-width">); otherwise it would be 980 px wide.
  const width = html.clientWidth;
  check(`layout viewport is ${viewportWidth} px wide`, width === viewportWidth, width);
  check(`no horizontal scroll (scrollWidth ${html.scrollWidth} <= ${width})`, html.scrollWidth <= width && document.body.scrollWidth <= width, {
    html: html.scrollWidth,
    body: document.body.scrollWidth,
    width,
  });
  const clipped = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const overflow = style(p).overflowX;
      if (overflow !== 'visible') return true;
    }
    return false;
  };
  const sticking = [...document.body.querySelectorAll('*')].filter((el) => {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || style(el).visibility === 'hidden') return false;
    return (r.left < -1 || r.right > width + 1) && !clipped(el);
  });
  check('no element sticks out past the viewport', sticking.length === 0, sticking.slice(0, 5).map((el) => `${describe(el)} ${JSON.stringify(plain(el.getBoundingClientRect()))}`));

  return out;
}

// The fonts Chromium actually drew a node's text with (DevTools protocol).
async function platformFonts(page, selector) {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
    if (!nodeId) return null;
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    return fonts;
  } finally {
    await cdp.detach();
  }
}

async function checkFontsUsed(page, spec, where) {
  const drawn = async (selector, family) => {
    const fonts = (await platformFonts(page, selector)) || [];
    const total = fonts.reduce((sum, font) => sum + font.glyphCount, 0);
    const ours = fonts.filter((font) => font.familyName === family && font.isCustomFont).reduce((sum, font) => sum + font.glyphCount, 0);
    record(where, `webfont: ${family} draws the text of ${selector} (${ours}/${total} glyphs)`, total > 0 && ours / total >= 0.9, fonts);
  };
  if (spec.lang === 'ar' || spec.kind === '404') {
    const selectors =
      spec.kind === '404'
        ? ['section[lang="ar"] h2', 'section[lang="ar"] p']
        : {
            home: ['main h1', '.article-list h2 a'],
            article: ['main h1', '.article-body p'],
            timeline: ['main h1', '.event-body p'],
            states: ['main h1', '.states-page .intro'],
            state: ['main h1', '.actions dt'],
          }[spec.kind];
    for (const selector of selectors) await drawn(selector, ARABIC_FONT);
  }
  if (spec.lang === 'en' || spec.kind === '404') {
    const selectors =
      spec.kind === '404'
        ? []
        : {
            home: ['main h1', '.article-list article p:not(.meta)'],
            article: ['main h1', '.article-body p'],
            timeline: ['main h1', '.event-body p'],
            states: ['main h1', '.states-page .intro'],
            state: ['main h1'],
          }[spec.kind];
    for (const selector of selectors) await drawn(selector, LATIN_FONT);
    // The interface face: the navigation.
    await drawn(spec.kind === '404' ? 'nav[lang="en"] a' : '.site-nav a', UI_FONT);
  }
}

// ---------------------------------------------------------------------------------------------
// Keyboard

async function checkKeyboard(page, spec, where) {
  const rootDir = spec.kind !== '404' && spec.lang === 'ar' ? 'rtl' : 'ltr';
  // Number the tabbable elements in document order.
  const count = await page.evaluate(() => {
    const visible = (el) => {
      const r = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      return s.visibility !== 'hidden' && s.display !== 'none' && (r.width > 0 || r.height > 0 || el.classList.contains('skip-link'));
    };
    const all = [...document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]')].filter(
      (el) => el.tabIndex >= 0 && !el.disabled && visible(el),
    );
    all.forEach((el, i) => el.setAttribute('data-tab-order', String(i)));
    const positive = [...document.querySelectorAll('[tabindex]')].filter((el) => el.tabIndex > 0).length;
    return { tabbable: all.length, positive };
  });
  record(where, 'keyboard: no positive tabindex', count.positive === 0, count.positive);

  const focused = async () =>
    page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const r = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      return {
        order: el.getAttribute('data-tab-order'),
        cls: el.className,
        inMain: Boolean(el.closest('main')),
        inHeader: Boolean(el.closest('.site-header')),
        focusVisible: el.matches(':focus-visible'),
        outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2,
        rect: { left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height },
        viewport: { width: innerWidth, height: innerHeight },
      };
    });

  // Walk the whole page with Tab.
  const order = [];
  const noRing = [];
  const offscreen = [];
  for (let i = 0; i < count.tabbable; i++) {
    await page.keyboard.press('Tab');
    const f = await focused();
    if (!f) break;
    order.push(f);
    // What a keyboard user sees first: the skip link, shown with its focus ring.
    if (i === 0 && spec.kind === 'home') await page.screenshot({ path: path.join(SHOTS, `${spec.lang}-home-skip-link.png`) });
    if (!(f.focusVisible && f.outline)) noRing.push(f.order);
    const r = f.rect;
    if (r.bottom <= 0 || r.top >= f.viewport.height || r.right <= 0 || r.left >= f.viewport.width) offscreen.push(f.order);
  }
  const got = order.map((f) => Number(f.order));
  const expected = [...Array(count.tabbable).keys()];
  record(where, `keyboard: Tab visits all ${count.tabbable} links in document order`, JSON.stringify(got) === JSON.stringify(expected), got);
  record(where, 'keyboard: every focused element shows a focus ring', noRing.length === 0, noRing);
  record(where, 'keyboard: every focused element is scrolled into view', offscreen.length === 0, offscreen);
  if (spec.kind !== '404') {
    record(where, 'keyboard: the skip link comes first', order[0] && /skip-link/.test(order[0].cls), order[0]);
    if (order[0]) {
      const r = order[0].rect;
      record(where, 'keyboard: the focused skip link is on screen', r.top >= 0 && r.left >= 0 && r.right <= order[0].viewport.width, r);
    }
    // The header is walked in reading order: right to left in Arabic.
    const header = order.filter((f) => f.inHeader && !/skip-link/.test(f.cls));
    const backwards = [];
    for (let i = 1; i < header.length; i++) {
      const a = header[i - 1].rect;
      const b = header[i].rect;
      if (!(a.top < b.bottom && b.top < a.bottom)) continue; // wrapped onto another row
      const forward = rootDir === 'rtl' ? b.right <= a.left + 1 : b.left >= a.right - 1;
      if (!forward) backwards.push([header[i - 1].order, header[i].order]);
    }
    record(where, `keyboard: the header is walked ${rootDir === 'rtl' ? 'right to left' : 'left to right'}`, header.length >= 3 && backwards.length === 0, {
      header: header.length,
      backwards,
    });

    // Following the skip link moves focus into main.
    await page.reload({ waitUntil: 'load' });
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => location.hash === '#main', null, { timeout: 5000 }).catch(() => {});
    await page.keyboard.press('Tab');
    const next = await focused();
    record(where, 'keyboard: after the skip link, Tab lands inside main', next && next.inMain, next);
  }
}

// ---------------------------------------------------------------------------------------------
// Links and addresses

async function checkLinks(page, spec, where, origin) {
  const info = await page.evaluate(() => ({
    canonical: document.querySelector('link[rel="canonical"]')?.href ?? null,
    alternates: [...document.querySelectorAll('link[rel="alternate"][hreflang]')].map((link) => link.href),
    // (An SVG link's href is an SVGAnimatedString.)
    links: [...document.querySelectorAll('a[href]')].map((a) => (typeof a.href === 'string' ? a.href : new URL(a.href.baseVal, document.baseURI).href)),
    // The head's own files: stylesheet, preloaded fonts, icons, manifest.
    resources: [...document.querySelectorAll('link[href]:is([rel~="stylesheet"], [rel~="preload"], [rel~="icon"], [rel~="apple-touch-icon"], [rel~="manifest"])')].map((link) => link.href),
  }));
  if (spec.status === 200) {
    record(where, 'canonical URL is the page itself', info.canonical === page.url(), { canonical: info.canonical, url: page.url() });
  }
  // (A 404 page's own address, reached by its skip link "#main", answers 404 by design.)
  const internal = [...new Set([...info.alternates, ...info.links, ...info.resources].map((href) => href.split('#')[0]))]
    .filter((href) => !(spec.status === 404 && href === page.url())).filter((href) => href.startsWith(`${origin}/`));
  const broken = [];
  for (const href of internal) {
    const response = await page.request.get(href, { maxRedirects: 0 });
    if (response.status() !== 200) broken.push(`${response.status()} ${href}`);
  }
  record(where, `the head names its stylesheet, a preloaded font, an icon and a manifest`, ['style.css', '.woff2', 'favicon.svg', 'manifest.webmanifest'].every((end) => info.resources.some((href) => href.endsWith(end))), info.resources);
  record(where, `all ${internal.length} internal links, alternates and head resources answer 200`, broken.length === 0, broken);
  record(where, `every internal link stays under ${BASE}`, internal.every((href) => href.startsWith(`${origin}${BASE}`)), internal);
}

// A screenshot of the page from its top, at most SHOT_HEIGHT CSS pixels long (a whole timeline
// would be too tall to look at).
const SHOT_HEIGHT = 2400;
async function shot(page, name) {
  const { width, height } = await page.evaluate(() => ({ width: document.documentElement.clientWidth, height: document.documentElement.scrollHeight }));
  await page.screenshot({ path: path.join(SHOTS, name), fullPage: true, animations: 'disabled', clip: { x: 0, y: 0, width, height: Math.min(height, SHOT_HEIGHT) } });
}

// ---------------------------------------------------------------------------------------------
// Media emulation (DevTools protocol: Emulation.setEmulatedMedia). The session must stay attached
// while the emulation is wanted: detaching it drops its overrides.

async function emulateMedia(page, { media = '', scheme = null } = {}) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setEmulatedMedia', {
    media,
    features: scheme ? [{ name: 'prefers-color-scheme', value: scheme }] : [],
  });
  // Let the new styles apply before anything is measured.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  return cdp;
}

// The dark theme is really on: dark paper, light ink.
async function checkDark(page, where) {
  const colours = await page.evaluate(() => {
    const rgb = (value) => (value.match(/[\d.]+/g) || []).slice(0, 3).map(Number);
    const luminance = ([r, g, b]) => {
      const linear = (c) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
      return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
    };
    const html = getComputedStyle(document.documentElement);
    return {
      matches: matchMedia('(prefers-color-scheme: dark)').matches,
      paper: luminance(rgb(html.backgroundColor)),
      ink: luminance(rgb(getComputedStyle(document.querySelector('main')).color)),
    };
  });
  record(where, 'dark: prefers-color-scheme: dark matches', colours.matches, colours);
  record(where, 'dark: dark paper and light ink', colours.paper < 0.05 && colours.ink > 0.6, colours);
}

// Print: no navigation, switcher or footer; link addresses after the links; Arabic brackets kept
// with their words.
async function checkPrint(page, spec, where) {
  const cdp = await emulateMedia(page, { media: 'print' });
  try {
    const result = await page.evaluate(() => {
      const hidden = (selector) => [...document.querySelectorAll(selector)].every((el) => getComputedStyle(el).display === 'none');
      const present = (selector) => document.querySelectorAll(selector).length > 0;
      const addresses = [...document.querySelectorAll('.article-body a[href^="http"], .article-header a[href^="http"], .event-body a[href^="http"], .sources a[href^="http"]')];
      const shown = addresses.filter((a) => getComputedStyle(a, '::after').content.includes(a.getAttribute('href')));
      // Every "(…)" in the status's rule on one line (Arabic: "(المادة 65، الفقرة 1)").
      const broken = [];
      let brackets = 0;
      for (const el of document.querySelectorAll('.status .rule')) {
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          for (const match of node.textContent.matchAll(/\([^()]*(\([^()]*\))?[^()]*\)\.?/g)) {
            brackets += 1;
            const range = document.createRange();
            range.setStart(node, match.index);
            range.setEnd(node, match.index + match[0].length);
            const tops = [...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top));
            if (new Set(tops).size > 1) broken.push(match[0]);
          }
        }
      }
      return {
        header: hidden('.site-header'),
        nav: hidden('.site-nav'),
        switcher: hidden('.language-switcher'),
        footer: hidden('.site-footer'),
        hasSwitcher: present('.language-switcher'),
        main: getComputedStyle(document.querySelector('main')).display !== 'none',
        dates: [...document.querySelectorAll('main time')].filter((el) => el.getClientRects().length > 0).length,
        addresses: addresses.length,
        shown: shown.length,
        brackets,
        broken,
      };
    });
    record(where, 'print: no header, navigation, switcher or footer', result.header && result.nav && result.switcher && result.footer, result);
    record(where, 'print: the page text is printed', result.main, result);
    if (spec.kind !== 'home') {
      record(where, `print: link addresses after all ${result.addresses} external links`, result.addresses > 0 && result.shown === result.addresses, result);
    }
    if (spec.kind !== 'home') record(where, `print: dates kept (${result.dates})`, result.dates > 0, result);
    if (spec.kind === 'home') {
      record(where, `print: every bracket in the status rule on one line (${result.brackets})`, result.brackets > 0 && result.broken.length === 0, result.broken);
    }
    await shot(page, `${spec.lang}-${spec.kind}-print.png`);
  } finally {
    await cdp.detach();
  }
}

// No horizontal overflow on a 320 px screen.
async function checkNarrow(page, where) {
  await page.setViewportSize({ width: NARROW, height: 640 });
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  const result = await page.evaluate(() => {
    const html = document.documentElement;
    const width = html.clientWidth;
    const clipped = (el) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        if (getComputedStyle(p).overflowX !== 'visible') return true;
      }
      return false;
    };
    const sticking = [...document.body.querySelectorAll('*')]
      .filter((el) => {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === 'hidden') return false;
        return (r.left < -1 || r.right > width + 1) && !clipped(el);
      })
      .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`);
    return { width, scroll: Math.max(html.scrollWidth, document.body.scrollWidth), sticking: sticking.slice(0, 5) };
  });
  record(where, `320 px: no horizontal overflow (scrollWidth ${result.scroll})`, result.width === NARROW && result.scroll <= NARROW && result.sticking.length === 0, result);
}

// ---------------------------------------------------------------------------------------------
// Pages that work from anywhere: the root page, from disk and served; the 404 page and an article
// opened from disk; the favicon and the web app manifests.

const fileUrl = (relative) => `file://${path.join(SITE, relative)}`;

// Every href/src of a page opened from disk names a file that exists (a folder would show a
// listing, so it must end in index.html).
async function checkFromDisk(browser, relative, where) {
  const context = await browser.newContext({ viewport: DESKTOP, locale: 'en-GB' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  try {
    await page.goto(fileUrl(relative), { waitUntil: 'load' });
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    const found = await page.evaluate(() => ({
      links: [...document.querySelectorAll('a[href], link[href]')]
        .filter((el) => el.href.startsWith('file:'))
        .map((el) => ({ rel: el.rel || 'a', href: el.href.split('#')[0] })),
      fontSize: getComputedStyle(document.documentElement).fontSize,
      header: Boolean(document.querySelector('.site-header .site-nav')),
      fonts: [...document.fonts].filter((face) => face.status === 'loaded').map((face) => `${face.family} ${face.weight}`),
    }));
    const missing = found.links.filter(({ href }) => {
      const file = decodeURIComponent(new URL(href).pathname);
      return !(fs.statSync(file, { throwIfNoEntry: false })?.isFile() ?? false);
    });
    record(where, `from disk: all ${found.links.length} links, icons, manifest, fonts and feeds name existing files`, found.links.length > 0 && missing.length === 0, missing);
    record(where, 'from disk: the stylesheet applies', found.fontSize === '17px', found.fontSize);
    record(where, 'from disk: header and navigation present', found.header, found);
    record(where, 'from disk: a webfont loads', found.fonts.length > 0, found.fonts);
    record(where, 'from disk: no script error', errors.length === 0, errors);
  } finally {
    await context.close();
  }
}

async function checkRoot(browser, origin) {
  // Without JavaScript, from disk: both editions offered, each in its language.
  {
    const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false, locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(fileUrl('index.html'), { waitUntil: 'load' });
    const editions = await page.evaluate(() =>
      [...document.querySelectorAll('.editions a[hreflang]')].map((a) => ({ lang: a.closest('[lang]').lang, hreflang: a.hreflang, text: a.textContent.trim(), href: a.getAttribute('href') })),
    );
    const refresh = await page.evaluate(() => Boolean(document.querySelector('meta[http-equiv="refresh" i]')));
    record('root (file://, no JavaScript)', 'offers both editions, each in its language', ['en', 'ar'].every((lang) => editions.some((e) => e.hreflang === lang && e.lang === lang && e.text)), editions);
    record('root (file://, no JavaScript)', 'no meta refresh', !refresh, refresh);
    await page.screenshot({ path: path.join(SHOTS, 'root-nojs-phone.png'), fullPage: true });
    await context.close();
  }
  // With JavaScript: the edition of the browser's first language the site has.
  const cases = [
    { locale: 'ar-MA', from: 'file', expect: fileUrl('ar/index.html') },
    { locale: 'en-GB', from: 'file', expect: fileUrl('en/index.html') },
    { locale: 'ar', from: 'http', expect: `${origin}${BASE}ar/` },
    { locale: 'fr-FR', from: 'http', expect: `${origin}${BASE}en/` },
  ];
  for (const item of cases) {
    const context = await browser.newContext({ viewport: DESKTOP, locale: item.locale });
    const page = await context.newPage();
    const where = `root (${item.from}, browser language ${item.locale})`;
    try {
      const start = item.from === 'file' ? fileUrl('index.html') : `${origin}${BASE}`;
      await page.goto(start, { waitUntil: 'load' });
      await page.waitForURL(item.expect, { timeout: 5000 }).catch(() => {});
      const languages = await page.evaluate(() => navigator.languages);
      record(where, `goes to ${item.expect.replace(SITE, 'SITE')}`, page.url() === item.expect, { url: page.url(), languages });
    } finally {
      await context.close();
    }
  }
}

async function checkIconsAndManifests(browser, origin, requests) {
  const context = await browser.newContext();
  try {
    const get = (relative) => context.request.get(`${origin}${BASE}${relative}`);
    for (const icon of ['favicon.svg', 'favicon.png', 'icon-192.png', 'icon-512.png']) {
      const response = await get(icon);
      record('icons', `${icon} answers 200`, response.status() === 200, response.status());
    }
    const expected = [
      { file: 'manifest.webmanifest', lang: 'en', dir: 'ltr' },
      { file: 'en/manifest.webmanifest', lang: 'en', dir: 'ltr' },
      { file: 'ar/manifest.webmanifest', lang: 'ar', dir: 'rtl' },
    ];
    for (const item of expected) {
      const where = `manifest ${item.file}`;
      const response = await get(item.file);
      let manifest = null;
      try {
        manifest = JSON.parse(await response.text());
      } catch (error) {
        record(where, 'is JSON', false, error.message);
        continue;
      }
      record(where, `lang ${item.lang}, dir ${item.dir}, a name and a short name`, manifest.lang === item.lang && manifest.dir === item.dir && manifest.name && manifest.short_name, manifest);
      const url = new URL(item.file, `${origin}${BASE}`);
      const start = new URL(manifest.start_url, url).href;
      const startResponse = await context.request.get(start);
      record(where, `start_url ${start} answers 200`, startResponse.status() === 200, startResponse.status());
      for (const icon of manifest.icons || []) {
        const iconResponse = await context.request.get(new URL(icon.src, url).href);
        record(where, `icon ${icon.src} answers 200`, iconResponse.status() === 200, iconResponse.status());
      }
      if (item.lang === 'ar') record(where, 'its name is Arabic', /[\u0600-\u06FF]/.test(manifest.name), manifest.name);
    }
  } finally {
    await context.close();
  }
  // With a favicon declared, no browser needs to guess /favicon.ico.
  const guessed = requests.filter((r) => r.url === '/favicon.ico');
  record('icons', 'no request for /favicon.ico', guessed.length === 0, guessed);
  const svg = requests.filter((r) => r.url === `${BASE}favicon.svg` && r.status === 200);
  record('icons', 'the SVG favicon was fetched by the pages', svg.length > 0, svg.length);
}

// ---------------------------------------------------------------------------------------------

async function main() {
  fs.mkdirSync(SHOTS, { recursive: true });
  for (const file of fs.readdirSync(SHOTS)) if (file.endsWith('.png')) fs.rmSync(path.join(SHOTS, file));

  const { server, origin, requests } = await serve(SITE, BASE, PORT);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    timeout: 60_000,
  });
  console.log(`browser: ${CHROMIUM} (Chromium ${browser.version()}), site ${SITE} served at ${origin}${BASE}`);
  try {
    for (const spec of pages()) {
      for (const device of ['desktop', 'phone']) {
        const where = `${spec.lang} ${spec.kind} (${device})`;
        const before = tally.failed;
        const { context, page, url, response, problems, outside } = await open(browser, origin, spec, device);
        try {
          record(where, `HTTP ${spec.status}`, response && response.status() === spec.status, response && response.status());
          if (device === 'desktop') await runAxe(page, where, spec.kind);
          const layout = await page.evaluate(measureLayout, {
            spec,
            device,
            fontFamily: ARABIC_FONT,
            latinFont: LATIN_FONT,
            viewportWidth: (device === 'phone' ? PHONE : DESKTOP).width,
          });
          for (const item of layout) record(where, item.name, item.ok, item.detail);
          await checkFontsUsed(page, spec, where);
          if (device === 'desktop') await checkLinks(page, spec, where, origin);
          await shot(page, `${spec.lang}-${spec.kind}-${device}-light.png`);
          // The dark theme: axe again (contrast), and its screenshot.
          const dark = await emulateMedia(page, { scheme: 'dark' });
          try {
            await checkDark(page, `${where} dark`);
            if (device === 'desktop') await runAxe(page, `${where} dark`, spec.kind);
            await shot(page, `${spec.lang}-${spec.kind}-${device}-dark.png`);
          } finally {
            await dark.detach();
          }
          if (device === 'desktop') {
            if (['home', 'article', 'timeline'].includes(spec.kind)) await checkPrint(page, spec, where);
            await checkKeyboard(page, spec, where);
          } else {
            await checkNarrow(page, where);
          }
          record(where, 'no console error, failed request or HTTP error', problems.length === 0, problems);
          record(where, 'nothing requested outside the site', outside.length === 0, outside);
        } finally {
          await context.close();
        }
        console.log(`${tally.failed === before ? 'ok  ' : 'FAIL'} ${where} ${url}`);
      }
    }
    for (const [relative, where] of [
      ['404.html', '404 (file://)'],
      [`en/articles/${articleStem()}/index.html`, 'en article (file://)'],
      [`ar/articles/${articleStem()}/index.html`, 'ar article (file://)'],
    ]) {
      const before = tally.failed;
      await checkFromDisk(browser, relative, where);
      console.log(`${tally.failed === before ? 'ok  ' : 'FAIL'} ${where}`);
    }
    {
      const before = tally.failed;
      await checkRoot(browser, origin);
      console.log(`${tally.failed === before ? 'ok  ' : 'FAIL'} root page: both editions, the reader's language`);
    }
    {
      const before = tally.failed;
      await checkIconsAndManifests(browser, origin, requests);
      console.log(`${tally.failed === before ? 'ok  ' : 'FAIL'} favicon and web app manifests`);
    }
  } finally {
    await browser.close();
    server.close();
  }
  const shots = fs.readdirSync(SHOTS).filter((file) => file.endsWith('.png')).length;
  const stray = requests.filter((r) => !r.url.startsWith(BASE));
  record('server', `every request stayed under ${BASE}`, stray.length === 0, stray);

  console.log(
    `browser: ${axeTally.pages} pages checked with axe-core (light and dark), ${axeTally.rules.size} axe rules run (${axeTally.applicable.size} applied to something), ${axeTally.violations} violations (and ${axeTally.known} known ones on the states pages, see KNOWN_AXE)` +
      ` (${axeTally.incomplete} needing review); ${tally.passed}/${tally.passed + tally.failed} layout, keyboard and page assertions passed;` +
      ` ${shots} screenshots in ${path.relative(process.cwd(), SHOTS) || SHOTS}`,
  );
  // Machine-readable, for run.sh's summary.
  console.log(
    `browser-counts: pages=${axeTally.pages} rules=${axeTally.rules.size} applicable=${axeTally.applicable.size} violations=${axeTally.violations} passed=${tally.passed} failed=${tally.failed}`,
  );
  if (tally.failed > 0) {
    console.log(`\n${tally.failed} failures:`);
    for (const failure of tally.failures) console.log(`  - ${failure}`);
  }
  return tally.failed === 0 && axeTally.violations === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
