#!/usr/bin/env node
// ccgpages browser checks: the built site in headless Chromium.
//
//   node check-site.mjs [--site DIR] [--screenshots DIR]
//
// Serves DIR (default ../../site, a site built by `ccgpages build`) on
// 127.0.0.1 at the path its home page's canonical address names (so a site
// built for https://example.github.io/ccgpages/ is served at /ccgpages/, and
// a missing page gets 404.html with status 404, as GitHub Pages does), then,
// in Debian's Chromium (/usr/bin/chromium, or $CHROMIUM) driven by
// playwright-core:
//
// - every HTML page of the site: axe-core with the WCAG 2.0/2.1/2.2 A and
//   AA rules at 1280 px and at 320 px wide; no console error, page error,
//   failed request or request outside the site; nothing wider than the
//   window at 320 px (WCAG 1.4.10 reflow); in print, no navigation and
//   nothing wider than an A4 page;
// - by keyboard: the home page's table sorts (Tab to a column heading,
//   Enter), the decisions page filters (Tab to a filter, arrow keys) and
//   search finds (Tab to the box, type, Enter), and the results are
//   reachable with Tab.
//
// With --screenshots DIR it also saves a full-page PNG of one page of each
// kind at 1280 and 360 px, and of a CCG page in print.
//
// Prints one line per page and problem, then a summary; exits 1 if any
// check failed, 2 on bad usage or if a tool is missing.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NARROW, htmlFiles, parseArgs, requirePackage, startHarness, usageFor } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const usage = usageFor('check-site', 'node check-site.mjs [--site DIR] [--screenshots DIR]');
const opts = parseArgs({ '--site': 'path', '--screenshots': 'path' }, usage);
const siteDir = opts.site ?? path.resolve(here, '../../site');
const shotsDir = opts.screenshots ?? null;
let axePath;
let axeVersion;
try {
  axePath = requirePackage.resolve('axe-core/axe.min.js');
  axeVersion = requirePackage('axe-core/package.json').version;
} catch (e) {
  usage(`${e.message}\nrun npm ci in ${here}`);
}
const harness = await startHarness({ site: siteDir, usage });
const { origin, basePath } = harness;
const siteUrl = harness.url;

// ---------------------------------------------------------------- pages

const pagePath = (f) => (f === 'index.html' ? '' : f.endsWith('/index.html') ? f.slice(0, -'index.html'.length) : f);
const allPages = htmlFiles(siteDir).map(pagePath);
const firstUnder = (prefix, re) => allPages.find((p) => p.startsWith(prefix) && re.test(p.slice(prefix.length)));

// One page of each kind: these get screenshots, and a missing one fails.
const kinds = [
  ['home page', ''],
  ['CCG', 'ccgs/central-london/'],
  ['CCG meeting', firstUnder('ccgs/central-london/meetings/', /^[^/]+\/$/)],
  ['group', 'groups/nw-london/'],
  ['group meeting', firstUnder('groups/nw-london/meetings/', /^[^/]+\/$/)],
  ['terms of reference', 'ccgs/central-london/terms-of-reference/'],
  ['decisions', 'decisions/'],
  ['search', 'search/'],
  ['open data', 'open-data/'],
  ['free page', 'accessibility-statement/'],
  ['not found', '404.html'],
  ['transparency checks', 'checks/'],
  ['transparency check', 'checks/1/'],
];

// A check is one test of one page; it fails with one or more problems.
const failures = [];
let checks = 0;
let failedChecks = 0;
function check(where, problems, out = null) {
  checks++;
  if (problems.length) failedChecks++;
  for (const what of problems) {
    failures.push(`${where}: ${what}`);
    if (out) out.push(`  FAIL ${what}`);
    else console.log(`  FAIL ${what}`);
  }
  return problems.length === 0;
}
const fail = (where, what) => check(where, [what]);
const checkInto = check;

for (const [kind, p] of kinds) {
  if (p === undefined || !allPages.includes(p)) fail(kind, `no page of this kind in the site (${p ?? 'none found'})`);
}
const missingUrl = 'ccgs/no-such-ccg/';
const queue = [...new Set([...kinds.map(([, p]) => p).filter((p) => p !== undefined && allPages.includes(p)), ...allPages])];

// ---------------------------------------------------------------- browser

const context = await harness.newContext();

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

// Opens `p` in a new tab that records console errors and warnings, page
// errors, failed requests and requests outside the site.
const open = (p, expectStatus = 200) => harness.open(p, { context, expectStatus, warnings: true, siteOnly: true });

async function axe(page) {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.addScriptTag({ path: axePath });
  return page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => n.target.join(' ') + (n.failureSummary ? ` (${n.failureSummary.replace(/\s+/g, ' ').slice(0, 200)})` : '')),
    }));
  }, AXE_TAGS);
}

// The elements that stick out past the right edge of the window, widest first.
async function overflow(page, width) {
  return page.evaluate((width) => {
    const doc = document.documentElement;
    if (doc.scrollWidth <= width) return null;
    const culprits = [];
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.right > width + 0.5 && r.width > 0) {
        const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.classList.length ? '.' + [...el.classList].join('.') : '');
        culprits.push(`${name} right edge ${Math.round(r.right)}`);
      }
    }
    return { scrollWidth: doc.scrollWidth, culprits: culprits.slice(-5) };
  }, width);
}

// Every page: axe at 1280 px (and at 320 px for one page of each kind:
// axe takes 1 to 2 s a page), the width at 320 px, print, and the console.
async function checkPage(p, where, { expectStatus = 200, narrowAxe = false } = {}) {
  const out = [where];
  const { page, problems } = await open(p, expectStatus);
  const check = (w, ps) => checkInto(w, ps, out);
  try {
    const axeProblems = (vs, w) => vs.map((v) => `axe ${v.id} (${v.impact}) at ${w} px: ${v.help}: ${v.nodes.slice(0, 5).join('; ')}`);
    check(where, axeProblems(await axe(page), 1280));
    await page.setViewportSize(NARROW);
    const o = await overflow(page, 320);
    check(where, o ? [`wider than a 320 px window: scrollWidth ${o.scrollWidth}; ${o.culprits.join(', ')}`] : []);
    if (narrowAxe) check(where, axeProblems(await axe(page), 320));
    // Print: an A4 page is about 718 CSS px wide inside 1.5 cm margins.
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: 718, height: 1000 });
    const po = await overflow(page, 718);
    check(where, po ? [`print: wider than an A4 page: scrollWidth ${po.scrollWidth}; ${po.culprits.join(', ')}`] : []);
    const shown = await page.evaluate(() => [...document.querySelectorAll('.nhsuk-header__navigation, .nhsuk-skip-link, .nhsuk-breadcrumb')]
      .filter((el) => getComputedStyle(el).display !== 'none').map((el) => el.className));
    check(where, shown.length ? [`print: navigation still shown: ${shown.join(', ')}`] : []);
    await page.emulateMedia({ media: 'screen' });
    await page.waitForTimeout(50);
  } finally {
    check(where, problems);
    await page.close();
    console.log(out.join('\n'));
  }
}

// ---------------------------------------------------------------- keyboard

// Presses Tab until `predicate` holds for the focused element; returns its description or null.
async function tabTo(page, predicate, arg, max = 400) {
  await page.evaluate(() => { document.activeElement?.blur(); window.scrollTo(0, 0); });
  await page.focus('body').catch(() => {});
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(predicate, arg)) return i + 1;
  }
  return null;
}

async function keyboardSort() {
  const where = 'keyboard: home page table sort';
  console.log(where);
  const { page, problems } = await open('');
  try {
    const rows = () => page.$$eval('table[data-sortable] tbody tr', (trs) => trs.map((tr) => (tr.cells[0].querySelector('a') || tr.cells[0]).textContent.trim()));
    const before = await rows();
    const tabs = await tabTo(page, () => {
      const el = document.activeElement;
      return el?.tagName === 'BUTTON' && !!el.closest('table[data-sortable] thead th') && el.textContent.trim() === 'CCG';
    });
    if (tabs === null) return fail(where, 'Tab never reached the CCG column\'s sort button');
    check(where, []);
    await page.keyboard.press('Enter');
    const asc = await rows();
    const sortState = await page.$eval('table[data-sortable] thead th', (th) => th.getAttribute('aria-sort'));
    const sorted = [...before].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base', numeric: true }));
    if (JSON.stringify(asc) !== JSON.stringify(sorted)) fail(where, `Enter did not sort the rows by CCG: ${asc.slice(0, 3).join(', ')}, ...`);
    else if (JSON.stringify(asc) === JSON.stringify(before)) fail(where, 'the rows were already in name order, so the test shows nothing');
    else check(where, []);
    check(where, sortState === 'ascending' ? [] : [`aria-sort is ${sortState}, expected ascending`]);
    await page.keyboard.press('Enter');
    const desc = await rows();
    check(where, JSON.stringify(desc) === JSON.stringify([...sorted].reverse()) ? [] : ['a second Enter did not reverse the order']);
    // On a phone the table is a list of cards: the sort buttons must still
    // be there, visible, when Tab reaches them.
    await page.setViewportSize({ width: 360, height: 740 });
    const narrowTabs = await tabTo(page, () => {
      const el = document.activeElement;
      return el?.tagName === 'BUTTON' && !!el.closest('table[data-sortable] thead th') && el.textContent.trim() === 'Region';
    });
    const box = narrowTabs === null ? null : await page.evaluate(() => {
      const r = document.activeElement.getBoundingClientRect();
      return { w: r.width, h: r.height, top: r.top, bottom: r.bottom, vh: window.innerHeight };
    });
    check(where, narrowTabs === null ? ['at 360 px, Tab never reached the Region sort button']
      : box.w < 24 || box.h < 24 || box.top < 0 || box.bottom > box.vh ? [`at 360 px the focused Region sort button is hidden or smaller than 24 px: ${JSON.stringify(box)}`] : []);
    console.log(`  ok: ${tabs} Tab presses to the CCG heading; Enter sorted ${asc.length} rows A to Z, again Z to A; at 360 px the sort buttons show (${Math.round(box?.w)}x${Math.round(box?.h)} px)`);
  } finally {
    check(where, problems);
    await page.close();
  }
}

async function keyboardDecisions() {
  const where = 'keyboard: decisions filter';
  console.log(where);
  const { page, problems } = await open('decisions/');
  try {
    const visibleRows = () => page.$$eval('#decisions tbody tr', (trs) => trs.filter((tr) => tr.offsetParent !== null).length);
    const formShown = await page.$eval('#decision-filters', (f) => !f.hidden).catch(() => false);
    if (!formShown) return fail(where, 'the filter form is not shown (#decision-filters)');
    check(where, []);
    const before = await visibleRows();
    const total = await page.$$eval('#decisions tbody tr', (trs) => trs.length);
    const tabs = await tabTo(page, () => document.activeElement?.id === 'f-region');
    if (tabs === null) return fail(where, 'Tab never reached the region filter (#f-region)');
    check(where, []);
    // Arrow keys on a closed select change its value (as on Windows and Linux).
    await page.keyboard.press('ArrowDown');
    const region = await page.$eval('#f-region', (s) => s.value);
    // decisions.js marks the table busy while it fetches and filters.
    await page.waitForSelector('#decisions:not([aria-busy])');
    const after = await visibleRows();
    const regions = await page.$$eval('#decisions tbody tr', (trs) => [...new Set(trs.filter((tr) => tr.offsetParent !== null).map((tr) => [...tr.cells[3].childNodes].filter((n) => !n.classList?.contains('nhsuk-table-responsive__heading')).map((n) => n.textContent).join('').trim()))]);
    const status = (await page.textContent('#decision-status')).trim();
    if (!region) fail(where, 'ArrowDown did not choose a region');
    else if (after === 0 || after >= total || regions.length !== 1 || regions[0] !== region) {
      fail(where, `choosing ${region} left ${after} of ${total} rows visible, regions ${regions.join(', ')}`);
    } else check(where, []);
    check(where, status ? [] : ['no status message after filtering (#decision-status)']);
    // Clear filters by keyboard.
    const resetTabs = await tabTo(page, () => document.activeElement?.type === 'reset');
    if (resetTabs === null) return fail(where, 'Tab never reached "Clear filters"');
    check(where, []);
    await page.keyboard.press('Enter');
    await page.waitForTimeout(100);
    await page.waitForSelector('#decisions:not([aria-busy])');
    const cleared = await visibleRows();
    check(where, cleared === before ? [] : [`"Clear filters" left ${cleared} rows, expected ${before}`]);
    console.log(`  ok: ${tabs} Tab presses to Region; ArrowDown chose ${region}: ${after} of ${total} decisions shown, "${status}"; Clear filters: ${cleared} again`);
  } finally {
    check(where, problems);
    await page.close();
  }
}

async function keyboardSearch() {
  const where = 'keyboard: search';
  console.log(where);
  const { page, problems } = await open('search/');
  try {
    const tabs = await tabTo(page, () => document.activeElement?.id === 'search-q');
    if (tabs === null) return fail(where, 'Tab never reached the search box (#search-q)');
    check(where, []);
    // A word every sample CCG page has: the name of a CCG from the home page.
    const query = 'london';
    await page.keyboard.type(query);
    await page.keyboard.press('Enter');
    let links = 0;
    try {
      await page.waitForFunction(() => document.querySelectorAll('#search-results a[href]').length > 0, null, { timeout: 5000 });
      links = await page.$$eval('#search-results a[href]', (as) => as.length);
    } catch { /* reported below */ }
    const status = (await page.textContent('#search-status')).trim();
    if (!links) return fail(where, `typing "${query}" and Enter showed no results; status "${status}"`);
    check(where, []);
    check(where, page.url().includes(`q=${query}`) ? [] : [`the query is not kept in the address: ${page.url()}`]);
    // The first result is the next thing Tab reaches after the form.
    const next = await tabTo(page, () => !!document.activeElement?.closest('#search-results a'));
    if (next === null) fail(where, 'Tab never reached a result');
    else {
      check(where, []);
      const href = await page.evaluate(() => document.activeElement.href);
      await Promise.all([page.waitForURL(href, { timeout: 5000 }).catch(() => {}), page.keyboard.press('Enter')]);
      check(where, page.url() === href ? [] : [`Enter on a result went to ${page.url()}, expected ${href}`]);
    }
    console.log(`  ok: ${tabs} Tab presses to the box; "${query}" + Enter: ${links} result links, "${status}"; Tab + Enter opened a result`);
  } finally {
    check(where, problems);
    await page.close();
  }
}

// ---------------------------------------------------------------- feeds

// The feeds open as pages: /feed.xsl (same origin) turns each into a styled,
// accessible page that says what a feed is and lists its entries as links.
// Chromium warns that XSLT is deprecated (a console message and a banner of
// its own): neither is the site's, so neither is a failure.
async function feedPages() {
  const feeds = ['feed.xml', ...fs.readdirSync(path.join(siteDir, 'regions')).sort().slice(0, 1).map((r) => `regions/${r}/feed.xml`)];
  for (const p of feeds) {
    const where = `feed /${p}`;
    console.log(where);
    const { page, problems } = await open(p);
    try {
      const shown = await page.evaluate(() => ({
        h1: document.querySelector('h1')?.textContent ?? '',
        text: document.body?.innerText ?? '',
        links: document.querySelectorAll('main li a[href]').length,
        css: [...document.styleSheets].some((s) => (s.href || '').split('?')[0].endsWith('/assets/css/ccgpages.css') && s.cssRules.length > 0),
      }));
      const shownProblems = [];
      if (!shown.h1.startsWith('News feed')) shownProblems.push(`not shown as a page (h1 ${JSON.stringify(shown.h1.slice(0, 60))})`);
      if (!shown.text.includes('This is a feed.')) shownProblems.push('does not say what a feed is');
      if (shown.links === 0) shownProblems.push('lists no entries');
      if (!shown.css) shownProblems.push("the site's styles did not load");
      check(where, shownProblems);
      // Chromium's own banner on XSLT's deprecation is not the site's: left out of axe.
      await page.evaluate(() => document.querySelector('xslt-warning-banner')?.remove());
      const vs = await axe(page);
      check(where, vs.map((v) => `axe ${v.id} (${v.impact}): ${v.help}: ${v.nodes.slice(0, 5).join('; ')}`));
      await page.setViewportSize(NARROW);
      const o = await overflow(page, 320);
      check(where, o ? [`wider than a 320 px window: scrollWidth ${o.scrollWidth}; ${o.culprits.join(', ')}`] : []);
      if (shotsDir) await page.screenshot({ path: path.join(shotsDir, `feed-${p.replace(/\W+/g, '-')}-320.png`), fullPage: true });
    } finally {
      check(where, problems.filter((m) => !/XSLT/i.test(m)));
      await page.close();
    }
  }
}

// ---------------------------------------------------------------- screenshots

async function screenshots() {
  fs.mkdirSync(shotsDir, { recursive: true });
  const list = [...kinds.filter(([, p]) => p !== undefined), ['missing page', missingUrl]];
  for (const [kind, p] of list) {
    const name = kind.replace(/\W+/g, '-');
    for (const width of [1280, 360]) {
      const page = await context.newPage();
      await page.setViewportSize({ width, height: 800 });
      await page.goto(siteUrl(p), { waitUntil: 'load' });
      await page.screenshot({ path: path.join(shotsDir, `${name}-${width}.png`), fullPage: true });
      await page.close();
    }
  }
  const printed = [['CCG', 'ccgs/central-london/'], ['home-page', ''], ['decisions', 'decisions/']];
  for (const [name, p] of printed) {
    const page = await context.newPage();
    await page.setViewportSize({ width: 718, height: 1000 });
    await page.goto(siteUrl(p), { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: path.join(shotsDir, `${name}-print.png`), fullPage: true });
    await page.close();
  }
  console.log(`screenshots: ${list.length * 2 + printed.length} in ${shotsDir}`);
}

// ---------------------------------------------------------------- run

const started = Date.now();
console.log(`Chromium ${harness.browserVersion}, playwright-core ${harness.playwrightVersion}, axe-core ${axeVersion} (${AXE_TAGS.join(', ')})`);
console.log(`serving ${siteDir} at ${origin}${basePath}\n`);
try {
  // Two tabs at a time (the machine has two cores).
  const jobs = queue.map((p) => {
    const kind = kinds.find(([, k]) => k === p);
    return () => checkPage(p, kind ? `${kind[0]} /${p}` : `/${p}`, { narrowAxe: !!kind });
  });
  jobs.push(() => checkPage(missingUrl, `missing page /${missingUrl}`, { expectStatus: 404, narrowAxe: true }));
  const worker = async () => { while (jobs.length) await jobs.shift()(); };
  await Promise.all([worker(), worker()]);
  await keyboardSort();
  await keyboardDecisions();
  await keyboardSearch();
  await feedPages();
  if (shotsDir) await screenshots();
} finally {
  await harness.close();
}

const secs = ((Date.now() - started) / 1000).toFixed(1);
console.log(`\nbrowser checks: ${queue.length + 1} pages (${queue.length} HTML files and a missing address), ${checks} checks, in ${secs} s`);
if (failures.length) {
  console.log(`${failures.length} problem${failures.length === 1 ? '' : 's'}:`);
  for (const f of failures) console.log(`  ${f}`);
  console.log(`${checks - failedChecks} passed, ${failedChecks} failed`);
  process.exit(1);
}
console.log(`${checks} passed, 0 failed`);
