#!/usr/bin/env node
// Runs the Nu HTML Checker (vnu.jar, from the pinned `vnu-jar` package) over every generated
// .html page and the stylesheet of a built site, and prints each error with its file and line.
//
//   node validate.js SITE_DIR
//
// Exits 1 on any error (or if the checker could not run), 0 otherwise. It ends with
// "vnu: N pages and M stylesheets validated, E errors" and a machine-readable "vnu-counts: …".
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const site = path.resolve(process.argv[2] || '');
if (!process.argv[2] || !fs.statSync(site, { throwIfNoEntry: false })?.isDirectory()) {
  console.error(`usage: node validate.js SITE_DIR (got ${process.argv[2] ?? 'nothing'})`);
  process.exit(2);
}

function walk(dir) {
  const found = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...walk(full));
    else found.push(full);
  }
  return found.sort();
}

const files = walk(site);
const pages = files.filter((file) => file.endsWith('.html'));
const sheets = files.filter((file) => file.endsWith('.css'));
if (pages.length === 0) {
  console.error(`vnu: no .html page under ${site}`);
  process.exit(1);
}

const jar = require.resolve('vnu-jar/build/dist/vnu.jar');
const java = process.env.JAVA || 'java';

const failing = new Set();

// Pages and stylesheets in two runs: with --also-check-css, this vnu reports every page error on
// line 0.
function vnu(mode, files) {
  if (files.length === 0) return 0;
  const run = spawnSync(java, ['-jar', jar, '--errors-only', ...mode, '--format', 'json', ...files], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.error) {
    console.error(`vnu: could not start ${java}: ${run.error.message}`);
    process.exit(1);
  }
  // vnu writes its JSON report to stderr.
  let report;
  try {
    report = JSON.parse(run.stderr);
  } catch {
    console.error(`vnu: unreadable output (exit ${run.status}):\n${run.stderr}\n${run.stdout}`);
    process.exit(1);
  }
  let errors = 0;
  for (const message of report.messages || []) {
    // --errors-only leaves errors, fatal errors and "non-document-error" (a file it could not read).
    if (message.type === 'info') continue;
    errors += 1;
    const file = message.url ? path.relative(site, new URL(message.url).pathname) : '?';
    failing.add(file);
    const line = message.firstLine ?? message.lastLine;
    const column = message.firstColumn ?? message.lastColumn;
    const where = line ? `:${line}${column ? `:${column}` : ''}` : '';
    const kind = message.subType ? `${message.type}/${message.subType}` : message.type;
    console.log(`vnu: ${file}${where}: ${kind}: ${message.message}`);
    if (message.extract) console.log(`      ${message.extract.replace(/\n/g, '↵')}`);
  }
  if (errors === 0 && run.status !== 0) {
    console.error(`vnu: exited with status ${run.status} but reported no error:\n${run.stderr}`);
    process.exit(1);
  }
  return errors;
}

const errors = vnu([], pages) + vnu(['--css'], sheets);
console.log(`vnu: ${pages.length} pages and ${sheets.length} stylesheets validated, ${errors} errors`);
// Machine-readable, for run.sh's summary.
console.log(`vnu-counts: pages=${pages.length} sheets=${sheets.length} files_with_errors=${failing.size} errors=${errors}`);
process.exit(errors === 0 ? 0 : 1);
