// A tiny static file server for a built site, published under a subpath (like GitHub Pages'
// project sites): `/accord/en/` serves SITE/en/index.html, a missing file gets SITE/404.html with
// status 404, and anything outside the subpath a plain 404. It listens on 127.0.0.1 only and
// records every request, so the tests can tell whether a page asked for something outside the site.
'use strict';

const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
};

function isFile(file) {
  return fs.statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
}

function isDirectory(file) {
  return fs.statSync(file, { throwIfNoEntry: false })?.isDirectory() ?? false;
}

/**
 * Serves `root` under `base` (e.g. "/accord/") on 127.0.0.1:`port` (0: any free port).
 * Resolves to { server, port, origin, requests }, where requests lists { method, url, status }.
 */
function serve(root, base, port = 0) {
  root = path.resolve(root);
  const requests = [];
  const server = http.createServer((req, res) => {
    const send = (status, file, headers = {}) => {
      requests.push({ method: req.method, url: req.url, status });
      const type = file ? TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream' : 'text/plain; charset=utf-8';
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers });
      if (req.method === 'HEAD') return res.end();
      if (file) fs.createReadStream(file).pipe(res);
      else res.end(`${status}\n`);
    };
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    } catch {
      return send(400);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405);
    if (!pathname.startsWith(base)) return send(404);
    const relative = pathname.slice(base.length);
    const file = path.resolve(root, relative);
    if (file !== root && !file.startsWith(root + path.sep)) return send(404);
    if (isDirectory(file)) {
      if (!pathname.endsWith('/')) return send(301, null, { location: `${pathname}/` });
      const index = path.join(file, 'index.html');
      if (isFile(index)) return send(200, index);
    } else if (isFile(file)) {
      return send(200, file);
    }
    const notFound = path.join(root, '404.html');
    return isFile(notFound) ? send(404, notFound) : send(404);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const actual = server.address().port;
      resolve({ server, port: actual, origin: `http://127.0.0.1:${actual}`, requests });
    });
  });
}

module.exports = { serve };
