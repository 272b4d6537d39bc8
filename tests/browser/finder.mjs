#!/usr/bin/env node
// The national decisions page and search, in headless Chromium.
//
//   node tests/browser/finder.mjs --site DIR [--query WORD] [--max-filter-ms N]
//
// DIR is a site built by `ccgpages build` (the bundled one, or the national
// corpus of bench/gen_corpus.py to measure speed). Uses playwright-core
// from ci/browser/node_modules (`cd ci/browser && npm ci --ignore-scripts`)
// and Debian's Chromium (/usr/bin/chromium, or $CHROMIUM). Checks:
//
// - /decisions/: the filters appear; a region filter shows only that region
//   and puts it in the address; sorting by value (descending) orders the
//   rows and is in the address; opening that address restores the view;
//   the next page link moves on; filtering and sorting each take less than
//   --max-filter-ms (default 200) on whatever number of rows the site has;
// - /search/: nothing of the index is fetched before a search; a search
//   finds results grouped by kind, puts ?q= in the address, shows excerpts
//   with the matched words (only those) in <mark>, titles a meeting with
//   its date and CCG, and "show more" adds results; narrowing by kind and
//   then by CCG changes the results, the status and the address, survives
//   a reload and back undoes it; a person's name finds their page;
//   reports what the search downloaded;
// - on both pages: no console error, page error or failed request.
//
// Exits 1 if a check fails, 2 on bad usage or a missing tool.

import http from 'node:http';
import fs from 'node:fs';
import zlib from 'node:zlib';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.resolve(here, '../../ci/browser/package.json'));

function usage(msg) {
  console.error(`finder: ${msg}\nusage: node tests/browser/finder.mjs --site DIR [--query WORD] [--max-filter-ms N]`);
  process.exit(2);
}
const args = process.argv.slice(2);
let siteDir = null;
let query = null;
let maxMs = 200;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--site' && i + 1 < args.length) siteDir = path.resolve(args[++i]);
  else if (args[i] === '--query' && i + 1 < args.length) query = args[++i];
  else if (args[i] === '--max-filter-ms' && i + 1 < args.length) maxMs = Number(args[++i]);
  else usage(`unknown argument ${args[i]}`);
}
if (!siteDir || !fs.existsSync(path.join(siteDir, 'decisions/index.html'))) usage('--site DIR with a built site (decisions/index.html) is needed');
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
if (!fs.existsSync(chromiumPath)) usage(`${chromiumPath} not found`);
let chromium;
try {
  ({ chromium } = require('playwright-core'));
} catch (e) {
  usage(`playwright-core is missing: cd ci/browser && npm ci --ignore-scripts (${e.message})`);
}

const home = fs.readFileSync(path.join(siteDir, 'index.html'), 'utf8');
const canonical = /<link rel="canonical" href="([^"]+)"/.exec(home);
if (!canonical) usage('the home page has no canonical link');
const basePath = new URL(canonical[1]).pathname.replace(/\/?$/, '/');

const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.json': 'application/json' };
const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  if (url.pathname === '/favicon.ico') {
    // Chromium asks for it on its own; the site has none.
    res.writeHead(204);
    return res.end();
  }
  let file = url.pathname.startsWith(basePath) ? path.join(siteDir, decodeURIComponent(url.pathname.slice(basePath.length))) : null;
  if (file && fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
  if (!file || !file.startsWith(siteDir) || !fs.existsSync(file)) {
    res.writeHead(404);
    return res.end('not found');
  }
  res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream', 'Cache-Control': 'no-store' });
  fs.createReadStream(file).pipe(res);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;
const at = (p) => origin + basePath + p;

const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let failures = 0;
function fail(where, msg) {
  failures++;
  console.log(`FAIL ${where}: ${msg}`);
}
function ok(where, msg) {
  console.log(`ok   ${where}: ${msg}`);
}

async function open(p) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems = [];
  const requests = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  page.on('response', async (r) => {
    if (r.status() >= 400) problems.push(`${r.status()}: ${r.url()}`);
    let size = 0;
    let gzip = 0;
    try {
      const body = await r.body();
      size = body.length;
      gzip = zlib.gzipSync(body).length;
    } catch { /* redirects have no body */ }
    requests.push({ url: r.url(), size, gzip });
  });
  await page.goto(at(p), { waitUntil: 'load', timeout: 120000 });
  return { page, problems, requests };
}

// ---------------------------------------------------------------- decisions
{
  const where = 'decisions';
  const { page, problems } = await open('decisions/');
  try {
    await page.waitForSelector('#decision-filters:not([hidden])', { timeout: 60000 });
    const total = Number((await page.textContent('.nhsuk-lede-text')).replace(/,/g, '').match(/\d+/)[0]);
    const loadMs = await page.evaluate(() => performance.getEntriesByType('navigation')[0].loadEventEnd);
    const shown = await page.$$eval('#decisions tbody tr', (t) => t.length);
    if (shown !== Math.min(100, total)) fail(where, `${shown} rows shown of ${total}, expected ${Math.min(100, total)}`);
    const region = await page.$eval('#f-region', (s) => s.options[1].value);
    const filterMs = await page.evaluate((value) => {
      const s = document.getElementById('f-region');
      s.value = value;
      const start = performance.now();
      s.dispatchEvent(new Event('change', { bubbles: true }));
      return performance.now() - start;
    }, region);
    const regions = await page.$$eval('#decisions tbody tr', (t) => [...new Set(t.map((tr) => tr.cells[3].textContent))]);
    if (regions.length !== 1 || regions[0] !== region) fail(where, `filtered to ${region} but rows show ${regions}`);
    if (!page.url().includes('region=' + encodeURIComponent(region).replace(/%20/g, '+'))) fail(where, `the address does not hold the filter: ${page.url()}`);
    if (filterMs > maxMs) fail(where, `filtering took ${filterMs.toFixed(0)} ms (limit ${maxMs})`);
    const status = await page.textContent('#decision-status');

    // Sort by value: numbers sort largest first on the first click.
    const sortMs = await page.evaluate(() => {
      const b = document.querySelector('th[data-key="value"] button');
      const start = performance.now();
      b.click();
      return performance.now() - start;
    });
    const sortState = await page.$eval('th[data-key="value"]', (th) => th.getAttribute('aria-sort'));
    const values = await page.$$eval('#decisions tbody tr', (t) => t.map((tr) => tr.cells[8].getAttribute('data-v')).filter((v) => v !== null).map(Number));
    const sorted = values.every((v, i) => i === 0 || values[i - 1] >= v);
    if (sortState !== 'descending' || !sorted) fail(where, `sort by value: aria-sort=${sortState}, ordered=${sorted}`);
    if (!/sort=value&dir=desc/.test(page.url())) fail(where, `the address does not hold the sort: ${page.url()}`);
    if (sortMs > maxMs) fail(where, `sorting took ${sortMs.toFixed(0)} ms (limit ${maxMs})`);

    // The address restores the view.
    const shared = page.url();
    const again = await open(shared.slice((origin + basePath).length));
    await again.page.waitForSelector('#decision-filters:not([hidden])');
    const restored = await again.page.evaluate(() => [document.getElementById('f-region').value, document.querySelector('th[data-key="value"]').getAttribute('aria-sort'), document.getElementById('decision-status').textContent]);
    if (restored[0] !== region || restored[1] !== 'descending' || restored[2] !== status) fail(where, `opening ${shared} gave ${JSON.stringify(restored)}`);
    problems.push(...again.problems);
    await again.page.close();

    // Next page.
    const next = await page.$('#decision-pager a');
    if (next) {
      const before = await page.$eval('#decisions tbody tr', (tr) => tr.textContent);
      await next.click();
      const after = await page.$eval('#decisions tbody tr', (tr) => tr.textContent);
      if (before === after || !/page=2/.test(page.url())) fail(where, 'the next page link did not move on');
    }
    ok(where, `${total} decisions; ${region}: "${status.trim()}" in ${filterMs.toFixed(1)} ms; sort by value in ${sortMs.toFixed(1)} ms; page loaded and ready in ${loadMs.toFixed(0)} ms`);
  } catch (e) {
    fail(where, e.message);
  }
  for (const p of problems) fail(where, p);
  await page.close();
}

// ---------------------------------------------------------------- search
{
  const where = 'search';
  const { page, problems, requests } = await open('search/');
  try {
    if (requests.some((r) => r.url.includes('/search/index/'))) fail(where, 'the index was fetched before anyone searched');
    let q = query;
    if (!q) {
      const decisions = fs.readFileSync(path.join(siteDir, 'decisions/index.html'), 'utf8');
      const title = /<td><a href="[^"]*">([^<]+)<\/a><\/td>/.exec(decisions);
      q = title ? title[1].split(/\s+/).find((w) => w.length > 4) : 'committee';
    }
    const before = requests.length;
    await page.fill('#search-q', q);
    await page.press('#search-q', 'Enter');
    const shownResults = () => page.waitForFunction(() => document.querySelectorAll('#search-results li a[href]').length > 0 && !/Searching/.test(document.getElementById('search-status').textContent), null, { timeout: 30000 });
    await shownResults();
    await page.waitForTimeout(200);
    const groups = await page.$$eval('#search-results h2', (hs) => hs.map((h) => h.textContent));
    const status = (await page.textContent('#search-status')).trim();
    if (!new URL(page.url()).searchParams.get('q')) fail(where, `the address does not hold the query: ${page.url()}`);
    if (/\b1 (results|CCGs)\b/.test(status)) fail(where, `plural after 1: ${status}`);

    // Excerpts: the matched words in <mark>, and only those.
    const marks = await page.$$eval('#search-results .ccg-results__excerpt mark', (ms) => ms.map((m) => m.textContent.toLowerCase()));
    const word = q.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 1);
    if (!marks.length) fail(where, 'no excerpt marks a matched word');
    const wrong = marks.filter((m) => !word.some((w) => m.startsWith(w)));
    if (wrong.length) fail(where, `marked words that do not match "${q}": ${wrong.slice(0, 5)}`);
    const excerpt = await page.$eval('#search-results .ccg-results__excerpt', (p) => p.textContent);

    // A meeting's title names its committee, its date and its CCG.
    const LONG_DATE = /\b\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}\b/;
    const meetingTitle = await page.$eval('#results-meeting + ol a', (a) => a.textContent).catch(() => null);
    if (meetingTitle && !(LONG_DATE.test(meetingTitle) && / — \S/.test(meetingTitle))) fail(where, `a meeting title without its date and CCG: ${meetingTitle}`);

    // "Show more" adds results.
    const more = await page.$('#search-results button:not([hidden])');
    if (more) {
      const n = await page.$$eval('#search-results li', (l) => l.length);
      await more.click();
      await page.waitForFunction((k) => document.querySelectorAll('#search-results li').length > k, n, { timeout: 10000 });
    }
    await page.waitForTimeout(300);
    const fetched = requests.slice(before).filter((r) => r.url.includes('/search/index/'));
    const kb = (f) => (fetched.filter(f).reduce((s, r) => s + r.size, 0) / 1024).toFixed(0);
    const all = kb(() => true);
    const gz = (fetched.reduce((s, r) => s + r.gzip, 0) / 1024).toFixed(0);
    const parts = `manifest ${kb((r) => r.url.includes('manifest.json'))} KB, terms ${kb((r) => r.url.includes('/t/'))} KB, documents and excerpts ${kb((r) => r.url.includes('/d/'))} KB`;
    ok(where, `"${q}": ${status} Groups: ${groups.join(', ')}. Downloaded ${fetched.length} index files, ${all} KB uncompressed, ${gz} KB gzipped (${parts})${more ? ' with one "show more"' : ''}`);
    ok(where, `first excerpt: ${excerpt}${meetingTitle ? `; first meeting: ${meetingTitle}` : ''}`);

    // Narrowing by kind: the results, the address and the status change.
    const kinds = await page.$$eval('#search-kinds input', (rs) => rs.map((r) => r.value));
    const kind = kinds.includes('meeting') ? 'meeting' : kinds.find((k) => k);
    if (!kind) throw new Error(`no kind to narrow to: ${kinds}`);
    await page.check(`#search-kind-${kind}`);
    await page.waitForFunction((k) => document.querySelectorAll('#search-results h2').length === 1 && document.getElementById('results-' + k), kind, { timeout: 10000 });
    const kindStatus = (await page.textContent('#search-status')).trim();
    if (new URL(page.url()).searchParams.get('kind') !== kind) fail(where, `the address does not hold the kind: ${page.url()}`);
    if (kindStatus === status) fail(where, `narrowing to ${kind} left the status as it was: ${kindStatus}`);

    // Narrowing by CCG: only its results, in the address.
    const option = await page.$eval('#search-ccg', (s) => [s.options[1].value, s.options[1].textContent]);
    await page.selectOption('#search-ccg', option[0]);
    await page.waitForFunction((s) => document.getElementById('search-status').textContent.trim() !== s, kindStatus, { timeout: 10000 });
    await page.waitForTimeout(200);
    const ccgName = option[1].replace(/ \([\d,]+\)$/, '');
    const ccgStatus = (await page.textContent('#search-status')).trim();
    const count = Number(option[1].match(/\(([\d,]+)\)$/)[1].replace(/,/g, ''));
    const heading = await page.textContent('#search-results h2');
    if (!ccgStatus.includes(` in ${ccgName} `) || !heading.includes(`(${count.toLocaleString('en-GB')})`)) fail(where, `narrowed to ${option[1]}: "${ccgStatus}", heading ${heading}`);
    const others = await page.$$eval('#search-results li', (ls, name) => ls.filter((li) => !li.textContent.includes(name)).length, ccgName);
    if (others) fail(where, `${others} results shown that are not ${ccgName}'s`);
    if (new URL(page.url()).searchParams.get('ccg') !== option[0]) fail(where, `the address does not hold the CCG: ${page.url()}`);

    // A reload restores the query and the narrowing.
    await page.reload({ waitUntil: 'load' });
    await shownResults();
    await page.waitForTimeout(200);
    const restored = await page.evaluate(() => [document.getElementById('search-q').value, document.querySelector('#search-kinds input:checked').value, document.getElementById('search-ccg').value, document.getElementById('search-status').textContent.trim()]);
    if (JSON.stringify(restored) !== JSON.stringify([q, kind, option[0], ccgStatus])) fail(where, `a reload gave ${JSON.stringify(restored)}`);
    // Back undoes the CCG (the page reloaded: its history entries remain).
    await page.goBack();
    await page.waitForFunction((s) => document.getElementById('search-status').textContent.trim() === s, kindStatus, { timeout: 10000 }).catch(() => fail(where, `back did not undo the CCG: ${page.url()}`));
    ok(where, `narrowed to ${kind}: "${kindStatus}"; then to ${ccgName}: "${ccgStatus}"; restored on reload and undone by back`);

    // A person's name finds their page.
    const people = fs.readFileSync(path.join(siteDir, 'people/index.html'), 'utf8');
    const person = /<li><a href="[^"]*\/people\/[^"]+\/">([^<]+)<\/a>/.exec(people);
    if (person) {
      const name = person[1].replace(/&#x27;|&amp;|&quot;/g, ' ');
      await page.goto(at('search/?q=' + encodeURIComponent(name)), { waitUntil: 'load' });
      await shownResults();
      await page.waitForSelector('#results-person + ol a', { timeout: 10000 }).catch(() => {});
      const found = await page.$$eval('#results-person + ol a', (as) => as.map((a) => a.textContent));
      if (!found.some((t) => t === person[1].replace(/&#x27;/g, "'").replace(/&amp;/g, '&'))) fail(where, `"${name}" did not find their page: ${found}`);
      else ok(where, `"${name}": ${(await page.textContent('#search-status')).trim()}`);
    }
  } catch (e) {
    fail(where, e.message);
  }
  for (const p of problems) fail(where, p);
  await page.close();
}

await browser.close();
server.close();
console.log(failures ? `${failures} check(s) failed` : 'all finder checks passed');
process.exit(failures ? 1 : 0);
