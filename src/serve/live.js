// The page side of `accord serve`'s live updates (src/serve/live.rs). It runs inside a function,
// after idiomorph, whose `Idiomorph` it uses; it adds nothing to `window`.
//
// The server sends `init` (the version it serves) when the stream opens, then `update` after
// every rebuild: the output paths whose bytes changed, whether the build failed (`errors`) and
// whether the whole page must reload (`reload`: a template or site.toml changed). This page then
// - swaps a changed stylesheet it uses, without a reload;
// - fetches itself if its own file changed, or to show or clear the error overlay, and morphs
//   the body in place, keeping the scroll position, focus and script state; the title and
//   other metadata in the head are updated too;
// - reloads when the morph cannot carry the change: the rest of the head (stylesheets, scripts,
//   charset, viewport) or a script in the body changed, a script, image or font it uses
//   changed, its address now serves another file (a new page where the 404 was), or anything
//   fails.

const script = document.currentScript;
const config = script.dataset;
const events = config.events;
const base = config.base;
const page = config.page;
const target = config.target;
let version = config.version;
const OVERLAY = "accord-error-overlay";

// Head elements that only describe the page, updated in place; anything else in the head
// reloads the page when it changes.
// (Structured data, `<script type="application/ld+json">`, describes the page too: it never runs.)
const METADATA =
  'title, meta[name]:not([name="viewport"]), meta[property], link[rel~="canonical"], link[rel~="alternate"], script[type="application/ld+json"]';

// What a change to reloads the page: the head but its metadata, and the scripts of the body.
function signature(doc) {
  const parts = [];
  for (const element of doc.head.children) {
    if (!element.matches(METADATA)) parts.push(element.outerHTML);
  }
  for (const element of doc.body.querySelectorAll("script:not([data-accord-live])")) {
    parts.push(element.outerHTML);
  }
  return parts.join("\n");
}
let signed = signature(document);

function decodeSegments(pathname) {
  try {
    return pathname.split("/").map(decodeURIComponent);
  } catch {
    return null;
  }
}
const baseSegments = decodeSegments(base).slice(0, -1);

// The output path a URL of this site names (`en/articles/x/index.html`), or null.
function keyOf(url) {
  let parsed;
  try {
    parsed = new URL(url, location.href);
  } catch {
    return null;
  }
  if (parsed.origin !== location.origin) return null;
  const parts = decodeSegments(parsed.pathname);
  if (!parts || parts.length <= baseSegments.length) return null;
  for (let index = 0; index < baseSegments.length; index++) {
    if (parts[index] !== baseSegments[index]) return null;
  }
  let key = parts.slice(baseSegments.length).join("/");
  if (key === "" || key.endsWith("/")) key += "index.html";
  return key;
}

function reload() {
  location.reload();
  // Nothing else happens on this page.
  return new Promise(() => {});
}

// Loads the new stylesheet beside the old one and drops the old once it applies: no flash.
function swapStylesheet(link) {
  const fresh = link.cloneNode();
  const url = new URL(link.href);
  url.searchParams.set("accord-reload", Date.now().toString());
  fresh.href = url.href;
  const drop = () => link.remove();
  fresh.addEventListener("load", drop, { once: true });
  fresh.addEventListener("error", drop, { once: true });
  link.after(fresh);
}

function updateMetadata(doc) {
  const old = [...document.head.querySelectorAll(METADATA)];
  const fresh = [...doc.head.querySelectorAll(METADATA)];
  if (old.length === fresh.length && old.every((element, index) => element.isEqualNode(fresh[index]))) {
    return;
  }
  const anchor = old.length > 0 ? old[0] : null;
  for (const element of fresh) {
    document.head.insertBefore(document.importNode(element, true), anchor);
  }
  for (const element of old) element.remove();
}

function copyAttributes(from, to) {
  for (const { name, value } of from.attributes) {
    if (to.getAttribute(name) !== value) to.setAttribute(name, value);
  }
  for (const { name } of [...to.attributes]) {
    if (!from.hasAttribute(name)) to.removeAttribute(name);
  }
}

// Fetches this page again and morphs it in place, or reloads.
async function refresh() {
  const response = await fetch(location.href, { cache: "no-store", credentials: "same-origin" });
  const type = response.headers.get("content-type") || "";
  if (!type.startsWith("text/html")) return reload();
  const doc = new DOMParser().parseFromString(await response.text(), "text/html");
  const next = doc.querySelector("script[data-accord-live]");
  if (!next || next.dataset.page !== page || signature(doc) !== signed) return reload();
  copyAttributes(doc.documentElement, document.documentElement);
  updateMetadata(doc);
  const x = window.scrollX;
  const y = window.scrollY;
  copyAttributes(doc.body, document.body);
  Idiomorph.morph(document.body, doc.body, { morphStyle: "innerHTML" });
  if (window.scrollX !== x || window.scrollY !== y) window.scrollTo(x, y);
  version = next.dataset.version;
}

function usedStylesheets(changed) {
  return [...document.querySelectorAll('link[rel~="stylesheet"][href]')].filter((link) =>
    changed(keyOf(link.href)),
  );
}

// Whether a changed file other than a page or a stylesheet is one this page uses.
function usesChangedAsset(changed, paths) {
  if (paths.some((path) => /\.(woff2?|ttf|otf)$/i.test(path))) return true;
  // Links that name pages (canonical, alternates) are not assets: only icons, preloads and the
  // like are.
  const assets =
    "[src], link[href]:not([rel~='stylesheet']):not([rel~='canonical']):not([rel~='alternate'])";
  for (const element of document.querySelectorAll(assets)) {
    if (element === script) continue;
    const url = element.getAttribute("src") ?? element.getAttribute("href");
    if (changed(keyOf(url))) return true;
  }
  return false;
}

async function apply(update) {
  if (update.reload || update.all || page === "") return reload();
  const changedSet = new Set(update.paths);
  const changed = (key) => key !== null && changedSet.has(key);
  if (usesChangedAsset(changed, update.paths)) return reload();
  for (const link of usedStylesheets(changed)) swapStylesheet(link);
  const mine = changed(page) || (target !== "" && changed(target));
  if (mine || update.errors || document.getElementById(OVERLAY) !== null) {
    await refresh();
  }
  version = update.version;
}

// A page served before the stream opened may have missed an update: check it.
async function check() {
  for (const link of usedStylesheets(() => true)) swapStylesheet(link);
  await refresh();
}

let queue = Promise.resolve();
function enqueue(task) {
  queue = queue.then(task).catch((error) => {
    console.warn("accord serve: reloading after", error);
    location.reload();
  });
}

const instance = (value) => value.split(".")[0];

addEventListener("pageshow", () => {
  const source = new EventSource(events);
  source.addEventListener("init", (event) => {
    const served = JSON.parse(event.data).version;
    if (served === version) return;
    // Another run of the server (it was restarted): start afresh.
    if (instance(served) !== instance(version) || page === "") {
      source.close();
      location.reload();
      return;
    }
    enqueue(check);
  });
  source.addEventListener("update", (event) => {
    const update = JSON.parse(event.data);
    enqueue(() => apply(update));
  });
  addEventListener("pagehide", () => source.close(), { once: true });
});
