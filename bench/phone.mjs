#!/usr/bin/env node
// The national site on a phone: bytes and time to usable, per page type.
//
//   node bench/phone.mjs [--site DIR] [--runs N] [--json FILE] [--budgets]
//
// Serves a built site (default site/; for the national corpus build
// bench/gen_corpus.py's content with --as-of 2020-01-01) compressed, as
// GitHub Pages serves it (gzip), at the path its canonical address names,
// and loads one page of each type in Debian's Chromium (/usr/bin/chromium,
// or $CHROMIUM) through playwright-core (installed by `npm ci` in
// ci/browser/), with the phone profile of the issue that set the budgets:
// a 375 x 667 screen at 2x, slow 4G (1.6 Mbps down, 750 kbps up, 150 ms
// round trip) and the CPU 4x slower. Each load starts with an empty cache.
//
// Per page type it prints the HTML document's size (raw and gzip), all bytes
// the page loaded before it was usable (over the wire), the time to usable
// (the median of --runs loads, default 3), the page's width in CSS pixels
// and its length in phone screens:
//
//   usable = the latest of: the largest contentful paint, the end of the
//   load event (deferred scripts have run), the end of the last response the
//   page asked for before the network went quiet, the end of the last
//   long task (script still busy, e.g. laying out a table it fetched), and
//   for a page that fetches data to show (a filtered decisions page, a
//   search), the moment it says it has shown it.
//
// It then weighs every HTML page of the site against issue 17's budgets:
// at most 100 KB gzip and 1 MB raw each; the home page, the largest CCG
// page, /decisions/ and /search/ usable within 3 s. Pages over a budget are
// listed; with --budgets the script exits 1 if any is.
//
// The CPU throttle is relative to this machine's speed: compare figures
// taken on one machine at one time (before and after, side by side), not
// with another machine's.

import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { PHONE, htmlFiles, parseArgs, startHarness, usageFor } from '../ci/browser/harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const usage = usageFor('phone', 'node bench/phone.mjs [--site DIR] [--runs N] [--json FILE] [--budgets]');
const opts = parseArgs({ '--site': 'path', '--runs': 'number', '--json': 'path', '--budgets': 'flag' }, usage);
const siteDir = opts.site ?? path.resolve(here, '../site');
const runs = opts.runs === undefined ? 3 : Math.max(1, Math.floor(opts.runs) || 0);
const jsonOut = opts.json ?? null;
const enforce = !!opts.budgets;
// Compressed, as GitHub Pages serves it.
const harness = await startHarness({ site: siteDir, usage, gzip: true });
const { basePath, gzipOf } = harness;
const resolve = harness.fileFor;

// ---------------------------------------------------------------- pages

// The CCG page with the most meetings stands for "a five-year CCG".
function biggestCcg() {
  const dir = path.join(siteDir, 'ccgs');
  let best = null;
  for (const id of fs.readdirSync(dir)) {
    const page = path.join(dir, id, 'index.html');
    if (!fs.existsSync(page)) continue;
    const size = fs.statSync(page).size;
    if (!best || size > best.size) best = { id, size };
  }
  return best && `ccgs/${best.id}/`;
}
function firstMeeting(ccg) {
  const dir = path.join(siteDir, ccg, 'meetings');
  if (!fs.existsSync(dir)) return null;
  const m = fs.readdirSync(dir).filter((d) => fs.existsSync(path.join(dir, d, 'index.html'))).sort().pop();
  return m && `${ccg}meetings/${m}/`;
}
const ccg = biggestCcg();
// The middle one of the numbered decisions pages, if there are several.
function middleDecisionsPage() {
  const dir = path.join(siteDir, 'decisions', 'page');
  if (!fs.existsSync(dir)) return null;
  const n = fs.readdirSync(dir).map(Number).filter((x) => x > 0).sort((a, b) => a - b);
  return n.length ? `decisions/page/${n[Math.floor(n.length / 2)]}/` : null;
}
// The CCG of the largest CCG page and the word "contract": the filters
// fetch every piece of the data.
function filteredDecisions() {
  const index = path.join(siteDir, 'decisions', 'data', 'index.json');
  if (!ccg || !fs.existsSync(index)) return null;
  const id = ccg.split('/')[1];
  return `decisions/?ccg=${encodeURIComponent(id)}&q=contract`;
}
// The check page with the most CCGs listed.
function biggestCheck() {
  const dir = path.join(siteDir, 'checks');
  if (!fs.existsSync(dir)) return null;
  let best = null;
  for (const n of fs.readdirSync(dir)) {
    const page = path.join(dir, n, 'index.html');
    if (!fs.existsSync(page)) continue;
    const size = fs.statSync(page).size;
    if (!best || size > best.size) best = { n, size };
  }
  return best && `checks/${best.n}/`;
}
// A page that fetches data after it loads is usable when it says so: the
// decisions table no longer busy, the search status written.
const DECISIONS_READY = "document.querySelector('#decisions') && !document.querySelector('#decisions[aria-busy]') && document.getElementById('decision-status').textContent.trim() !== ''";
const SEARCH_READY = "document.getElementById('search-status') && !/^(Searching|$)/.test(document.getElementById('search-status').textContent.trim())";
const pages = [
  ['home (national index)', ''],
  ['CCG (largest)', ccg],
  ['meeting (latest of that CCG)', ccg && firstMeeting(ccg)],
  ['decisions', 'decisions/'],
  ['decisions, a middle page', middleDecisionsPage()],
  ['decisions, a CCG and a word', filteredDecisions(), DECISIONS_READY],
  ['a transparency check', biggestCheck()],
  ['search (empty)', 'search/'],
  ['search "procurement"', 'search/?q=procurement', SEARCH_READY],
].filter(([, p]) => p !== null && p !== undefined);

// ---------------------------------------------------------------- measure

const PROFILE = { latency: 150, downloadThroughput: (1.6 * 1e6) / 8, uploadThroughput: (750 * 1e3) / 8, cpu: 4 };

async function loadOnce(p, ready) {
  const context = await harness.newContext({ ...PHONE, reducedMotion: 'no-preference' });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: PROFILE.latency, downloadThroughput: PROFILE.downloadThroughput, uploadThroughput: PROFILE.uploadThroughput,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: PROFILE.cpu });
  let wire = 0;
  const failed = [];
  cdp.on('Network.loadingFinished', (e) => { wire += e.encodedDataLength; });
  cdp.on('Network.loadingFailed', (e) => { failed.push(e.errorText); });
  page.on('response', (r) => { if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`); });
  await page.addInitScript(() => {
    window.__lcp = 0;
    window.__longEnd = 0;
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__lcp = Math.max(window.__lcp, e.renderTime || e.loadTime || e.startTime); })
      .observe({ type: 'largest-contentful-paint', buffered: true });
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longEnd = Math.max(window.__longEnd, e.startTime + e.duration); })
      .observe({ type: 'longtask', buffered: true });
  });
  await page.goto(harness.url(p), { waitUntil: 'networkidle', timeout: 180000 });
  if (ready) {
    await page.waitForFunction(`(() => { if (${ready}) { window.__ready = window.__ready || performance.now(); return true; } return false; })()`, null, { timeout: 180000, polling: 50 });
  }
  // Long tasks after the network went quiet still count.
  await page.waitForTimeout(500);
  const m = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const lastResponse = Math.max(0, ...performance.getEntriesByType('resource').map((r) => r.responseEnd));
    return { lcp: window.__lcp, load: nav.loadEventEnd, lastResponse, longEnd: window.__longEnd, ready: window.__ready || 0, width: document.documentElement.scrollWidth, screens: document.documentElement.scrollHeight / window.innerHeight };
  });
  await context.close();
  const usable = Math.max(m.lcp, m.load, m.lastResponse, m.longEnd, m.ready);
  return { usable, wire, failed, ...m };
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]; };
const kb = (n) => `${(n / 1024).toFixed(n < 10240 ? 1 : 0)} KB`;
const results = [];
console.log(`phone profile: 375x667 @2x, ${PROFILE.downloadThroughput * 8 / 1e6} Mbps down, ${PROFILE.latency} ms, CPU ${PROFILE.cpu}x slower; median of ${runs}`);
console.log(`site: ${siteDir}`);
console.log('page type                      | HTML raw  | HTML gzip | loaded (wire) | usable   | width  | screens');
for (const [kind, p, ready] of pages) {
  const file = resolve(basePath + p.split('?')[0]);
  const raw = fs.statSync(file).size;
  const gz = gzipOf(file).length;
  const loads = [];
  for (let i = 0; i < runs; i++) loads.push(await loadOnce(p, ready));
  const usable = median(loads.map((l) => l.usable));
  const wire = median(loads.map((l) => l.wire));
  const failed = [...new Set(loads.flatMap((l) => l.failed))];
  const row = { kind, path: '/' + p, htmlRaw: raw, htmlGzip: gz, wire, usableMs: Math.round(usable), width: loads[0].width, screens: Math.round(loads[0].screens), failed };
  results.push(row);
  console.log(`${kind.padEnd(30)} | ${kb(raw).padStart(9)} | ${kb(gz).padStart(9)} | ${kb(wire).padStart(13)} | ${(usable / 1000).toFixed(1).padStart(6)} s | ${String(loads[0].width).padStart(4)} px | ${String(Math.round(loads[0].screens)).padStart(7)}${failed.length ? `  failed: ${failed.join(', ')}` : ''}`);
}
await harness.close();

// ---------------------------------------------------------------- budgets

const BUDGET = { raw: 1024 * 1024, gzip: 100 * 1024, usableMs: 3000 };
const TIMED = new Set(['home (national index)', 'CCG (largest)', 'decisions', 'search (empty)', 'search "procurement"']);
const over = [];
for (const r of results) {
  if (TIMED.has(r.kind) && r.usableMs > BUDGET.usableMs) over.push(`${r.path}: usable after ${(r.usableMs / 1000).toFixed(1)} s (budget 3 s)`);
}
const pagesBySize = htmlFiles(siteDir).map((rel) => {
  const file = path.join(siteDir, rel);
  return { file, size: fs.statSync(file).size, rel: '/' + rel };
});
pagesBySize.sort((a, b) => b.size - a.size || a.rel.localeCompare(b.rel));
const count = pagesBySize.length;
const largestRaw = { size: pagesBySize[0]?.size ?? 0, rel: pagesBySize[0]?.rel };
let largestGzip = { size: 0 };
// The 50 largest pages are compressed, and every page that could be over
// the gzip budget (text compresses at least 2:1, so a page under 200 KB raw
// is under 100 KB gzip).
pagesBySize.forEach((p, i) => {
  if (p.size > BUDGET.raw) over.push(`${p.rel}: ${kb(p.size)} raw (budget 1 MB)`);
  if (i >= 50 && p.size <= 2 * BUDGET.gzip) return;
  const gz = zlib.gzipSync(fs.readFileSync(p.file), { level: 6 }).length;
  if (gz > largestGzip.size) largestGzip = { size: gz, rel: p.rel };
  if (gz > BUDGET.gzip) over.push(`${p.rel}: ${kb(gz)} gzip (budget 100 KB)`);
});
const budgets = { pages: count, largestRaw, largestGzip, over };
console.log(`\nbudgets: ${count.toLocaleString('en-GB')} HTML pages; largest ${kb(largestRaw.size)} raw (${largestRaw.rel}), ${kb(largestGzip.size)} gzip (${largestGzip.rel})`);
if (over.length) {
  console.log(`${over.length} over budget:`);
  for (const o of over.slice(0, 20)) console.log(`  ${o}`);
  if (over.length > 20) console.log(`  … and ${over.length - 20} more`);
} else {
  console.log('every page within budget (100 KB gzip, 1 MB raw; the timed pages usable within 3 s)');
}
if (jsonOut) fs.writeFileSync(jsonOut, JSON.stringify({ profile: PROFILE, runs, site: siteDir, results, budgets }, null, 2) + '\n');
if (enforce && over.length) process.exit(1);
