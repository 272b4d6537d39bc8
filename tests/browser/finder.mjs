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
// - /decisions/: nothing of its data is fetched for the first page; the
//   numbered pages resolve without JavaScript, each marked current in its
//   pager; choosing a CCG (as the type-ahead fills it in) and then a
//   keyword shows only matching rows, says so in the status line and puts
//   ?ccg= and ?q= in the address; reopening that address restores the
//   view, and Back undoes each step; a region filter and a sort by value
//   (descending) work and are in the address; "No declaration recorded"
//   shows the decisions the built page of them lists, each with the same
//   badge; the pager of a filtered
//   view moves on; at 320 px nothing is wider than the screen; each filter
//   and sort, data fetched from this local server included, takes less
//   than --max-filter-ms (default 500, for a small site on a busy CI
//   machine: measure the national corpus with a larger limit);
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
import path from 'node:path';
import { NARROW, parseArgs, startHarness, usageFor } from '../../ci/browser/harness.mjs';

const usage = usageFor('finder', 'node tests/browser/finder.mjs --site DIR [--query WORD] [--max-filter-ms N]');
const opts = parseArgs({ '--site': 'path', '--query': 'string', '--max-filter-ms': 'number' }, usage);
const siteDir = opts.site ?? null;
const query = opts.query ?? null;
const maxMs = opts.maxFilterMs ?? 500;
if (!siteDir || !fs.existsSync(path.join(siteDir, 'decisions/index.html'))) usage('--site DIR with a built site (decisions/index.html) is needed');
const harness = await startHarness({ site: siteDir, usage });
const { origin, basePath } = harness;
const at = harness.url;

let failures = 0;
function fail(where, msg) {
  failures++;
  console.log(`FAIL ${where}: ${msg}`);
}
function ok(where, msg) {
  console.log(`ok   ${where}: ${msg}`);
}

// A new tab at `p`, recording its problems and what it downloaded.
const open = (p) => harness.open(p, { sizes: true });

// ---------------------------------------------------------------- decisions
// Resolves when decisions.js has finished the view it is showing (it marks
// the table aria-busy while it fetches and filters), with the time taken
// since `start` (performance.now() in the page).
const settled = (page, start = null) => page.evaluate((t0) => new Promise((resolve) => {
  const table = document.getElementById('decisions');
  const done = () => resolve(t0 === null ? 0 : performance.now() - t0);
  if (!table.hasAttribute('aria-busy')) return done();
  new MutationObserver((_, o) => { if (!table.hasAttribute('aria-busy')) { o.disconnect(); done(); } }).observe(table, { attributes: true });
}), start);
const rowsOf = (page) => page.$$eval('#decisions tbody tr', (t) => t.map((tr) => ({
  date: tr.cells[0].querySelector('time')?.getAttribute('datetime'),
  title: tr.cells[1].querySelector('a')?.textContent ?? tr.cells[1].textContent,
  flag: tr.cells[1].querySelector('.nhsuk-tag')?.textContent ?? null,
  href: tr.cells[1].querySelector('a')?.getAttribute('href'),
  ccg: tr.cells[2].textContent.replace(/^CCG /, ''),
  region: tr.cells[3].textContent.replace(/^Region /, ''),
  value: tr.cells[8].textContent.replace(/^Value /, ''),
})));
const pence = (v) => (v ? Math.round(Number(v.replace(/[£,]/g, '')) * 100) : null);
// Fetches a page of the site as a browser without JavaScript would.
const get = (url) => new Promise((resolve) => http.get(url, (r) => { let b = ''; r.on('data', (c) => { b += c; }); r.on('end', () => resolve({ status: r.statusCode, body: b })); }).on('error', () => resolve({ status: 0, body: '' })));

{
  const where = 'decisions';
  const { page, problems, requests } = await open('decisions/');
  try {
    await page.waitForSelector('#decision-filters:not([hidden])', { timeout: 60000 });
    const total = Number((await page.textContent('.nhsuk-lede-text')).replace(/,/g, '').match(/\d+/)[0]);
    const per = await page.$eval('#decision-filters', (f) => Number(f.dataset.perPage));
    const loadMs = await page.evaluate(() => performance.getEntriesByType('navigation')[0].loadEventEnd);
    const first = await rowsOf(page);
    if (first.length !== Math.min(per, total)) fail(where, `${first.length} rows shown of ${total}, expected ${Math.min(per, total)}`);
    if (requests.some((r) => r.url.includes('/decisions/data/'))) fail(where, 'decision data was fetched before any filter was chosen');
    if (!first.every((r, i) => i === 0 || first[i - 1].date >= r.date)) fail(where, 'the first page is not newest first');
    const firstStatus = (await page.textContent('#decision-status')).trim();
    if (!new RegExp(`^Decisions 1 to ${Math.min(per, total).toLocaleString('en-GB')} of ${total.toLocaleString('en-GB')}`).test(firstStatus)) fail(where, `status "${firstStatus}"`);

    // Numbered pages without JavaScript: every page resolves, page 2 follows page 1.
    const pages = Math.max(1, Math.ceil(total / per));
    const links = await page.$$eval('#decision-pager a', (as) => as.map((a) => [a.textContent.trim(), a.getAttribute('href'), a.getAttribute('aria-current')]));
    if (pages > 1) {
      const current = links.filter((l) => l[2] === 'page').map((l) => l[0]);
      if (current.join() !== '1') fail(where, `page 1's pager marks ${current} as current`);
      const last = links.find((l) => l[0] === String(pages));
      if (!last) fail(where, `the pager does not link the last page, ${pages}: ${JSON.stringify(links)}`);
      for (let n = 2; n <= pages; n++) {
        const r = await get(`${origin}${basePath}decisions/page/${n}/`);
        const rows = (r.body.match(/<tr class="nhsuk-table__row"><td/g) || []).length;
        const expected = n < pages ? per : total - per * (pages - 1);
        if (r.status !== 200 || rows !== expected) { fail(where, `page ${n}: HTTP ${r.status}, ${rows} rows, expected ${expected}`); break; }
        if (!r.body.includes(`aria-label="Page ${n}" aria-current="page"`)) { fail(where, `page ${n} does not mark itself current in its pager`); break; }
      }
      const next = links.find((l) => /^Next/.test(l[0]));
      const p2 = await get(origin + next[1]);
      if (!p2.body.includes(`Decisions ${(per + 1).toLocaleString('en-GB')} to `)) fail(where, `the Next link ${next[1]} does not lead to decisions ${per + 1} on`);
    }

    // A CCG, chosen by typing its name (as the type-ahead list fills it in).
    const ccg = first[0].ccg;
    const ccgId = await page.$eval('#f-ccg-list', (l, name) => [...l.options].find((o) => o.value === name)?.dataset.id, ccg);
    const ccgMs = await page.evaluate((name) => {
      const i = document.getElementById('f-ccg');
      i.value = name;
      const t0 = performance.now();
      i.dispatchEvent(new Event('input', { bubbles: true }));
      return t0;
    }, ccg).then((t0) => settled(page, t0));
    const ccgRows = await rowsOf(page);
    const ccgStatus = (await page.textContent('#decision-status')).trim();
    if (!ccgRows.length || ccgRows.some((r) => r.ccg !== ccg)) fail(where, `filtered to ${ccg} but rows show ${[...new Set(ccgRows.map((r) => r.ccg))]}`);
    if (!new RegExp(`^[\\d,]+ decisions? of ${ccg.replace(/[()]/g, '\\$&')} match`).test(ccgStatus)) fail(where, `status after the CCG filter: "${ccgStatus}"`);
    if (new URL(page.url()).searchParams.get('ccg') !== ccgId) fail(where, `the address does not hold the CCG (${ccgId}): ${page.url()}`);
    if (requests.some((r) => r.url.includes('/decisions/data/') && r.size === 0)) fail(where, 'an empty data piece');

    // A keyword from one of its titles, on top: Enter applies it.
    const word = (ccgRows.map((r) => r.title.split(/\s+/).find((w) => /^[A-Za-z]{5,}$/.test(w))).find(Boolean) || ccgRows[0].title.split(/\s+/)[0]).toLowerCase();
    await page.fill('#f-q', word.toUpperCase());
    const t0 = await page.evaluate(() => performance.now());
    await page.press('#f-q', 'Enter');
    const wordMs = await settled(page, t0);
    const wordRows = await rowsOf(page);
    const wordStatus = (await page.textContent('#decision-status')).trim();
    if (!wordRows.length || wordRows.some((r) => r.ccg !== ccg || !(r.title + ' ' + r.ccg).toLowerCase().includes(word))) fail(where, `"${word}" in ${ccg}: rows ${JSON.stringify(wordRows.slice(0, 3))}`);
    if (wordRows.length > ccgRows.length && ccgRows.length < per) fail(where, 'a keyword added rows');
    const params = new URL(page.url()).searchParams;
    if (params.get('ccg') !== ccgId || params.get('q')?.toLowerCase() !== word) fail(where, `the address does not hold the CCG and keyword: ${page.url()}`);
    if (!wordStatus.includes(`match \u201c${word.toUpperCase()}\u201d`) && !wordStatus.includes(`matches \u201c${word.toUpperCase()}\u201d`)) fail(where, `status after the keyword: "${wordStatus}"`);

    // Reopening the address restores the view.
    const shared = page.url();
    const again = await open(shared.slice((origin + basePath).length));
    await again.page.waitForSelector('#decision-filters:not([hidden])');
    await settled(again.page);
    const restored = await again.page.evaluate(() => [document.getElementById('f-ccg').value, document.getElementById('f-q').value, document.getElementById('decision-status').textContent.trim()]);
    const restoredRows = await rowsOf(again.page);
    if (restored[0] !== ccg || restored[1].toLowerCase() !== word || restored[2] !== wordStatus || restoredRows.length !== wordRows.length) fail(where, `opening ${shared} gave ${JSON.stringify(restored)}, ${restoredRows.length} rows`);
    problems.push(...again.problems);
    await again.page.close();

    // Back: the CCG alone again; back once more: the page as built.
    await page.goBack();
    await settled(page);
    const back = [await page.inputValue('#f-q'), (await page.textContent('#decision-status')).trim()];
    if (back[0] !== '' || back[1] !== ccgStatus) fail(where, `back after the keyword gave ${JSON.stringify(back)}, expected "${ccgStatus}"`);
    await page.goBack();
    await settled(page);
    const home = [await page.inputValue('#f-ccg'), (await page.textContent('#decision-status')).trim(), (await rowsOf(page)).length];
    if (home[0] !== '' || home[1] !== firstStatus || home[2] !== first.length) fail(where, `back to the unfiltered page gave ${JSON.stringify(home)}`);

    // A region, then sort by value (numbers sort largest first on the first click).
    const region = await page.$eval('#f-region', (s) => s.options[1].value);
    const filterMs = await page.evaluate((value) => {
      const s = document.getElementById('f-region');
      s.value = value;
      const start = performance.now();
      s.dispatchEvent(new Event('change', { bubbles: true }));
      return start;
    }, region).then((start) => settled(page, start));
    const regionRows = await rowsOf(page);
    const regions = [...new Set(regionRows.map((r) => r.region))];
    if (regions.length !== 1 || regions[0] !== region) fail(where, `filtered to ${region} but rows show ${regions}`);
    if (!page.url().includes('region=' + encodeURIComponent(region).replace(/%20/g, '+'))) fail(where, `the address does not hold the region: ${page.url()}`);
    const status = (await page.textContent('#decision-status')).trim();
    const sortMs = await page.evaluate(() => {
      const start = performance.now();
      document.querySelector('th[data-key="value"] button').click();
      return start;
    }).then((start) => settled(page, start));
    const sortState = await page.$eval('th[data-key="value"]', (th) => th.getAttribute('aria-sort'));
    const values = (await rowsOf(page)).map((r) => pence(r.value)).filter((v) => v !== null);
    const sorted = values.every((v, i) => i === 0 || values[i - 1] >= v);
    if (sortState !== 'descending' || !sorted) fail(where, `sort by value: aria-sort=${sortState}, ordered=${sorted}`);
    if (!/sort=value&dir=desc/.test(page.url())) fail(where, `the address does not hold the sort: ${page.url()}`);

    // Every decision by value (no filter: all the data): its pager moves
    // on, and says where it is.
    await page.selectOption('#f-region', '');
    await settled(page);
    const jsNext = await page.$('#decision-pager .nhsuk-pagination__next a');
    let moved = 'one page of results';
    if (jsNext) {
      const before = (await rowsOf(page))[0];
      await jsNext.click();
      await settled(page);
      const after = (await rowsOf(page))[0];
      const cur = await page.$eval('#decision-pager [aria-current="page"]', (a) => a.textContent.trim()).catch(() => null);
      if (JSON.stringify(before) === JSON.stringify(after) || !/page=2/.test(page.url()) || cur !== '2') fail(where, `the next page link did not move on (current ${cur}, ${page.url()})`);
      else moved = 'next page shown';
    }

    // "No declaration recorded" (check 11's flag): the same decisions as
    // the page built for a reader without JavaScript, each with the badge
    // as the built pages write it (text and count).
    let flagged = 'no decision flagged';
    const flagLink = await page.$('a[href$="decisions/no-declaration-recorded/"]');
    if (flagLink) {
      const built = await get(origin + await flagLink.getAttribute('href'));
      const builtRows = [...built.body.matchAll(/<a href="([^"]*#decision-[^"]*)">[^<]*<\/a><br><strong class="nhsuk-tag nhsuk-tag--orange">([^<]*)<\/strong>/g)].map((m) => [m[1], m[2]]);
      await page.selectOption('#f-conflicts', 'undeclared');
      await settled(page);
      const jsRows = (await rowsOf(page)).map((r) => [r.href, r.flag]);
      if (!builtRows.length || JSON.stringify(jsRows) !== JSON.stringify(builtRows)) fail(where, `the "No declaration recorded" filter shows ${JSON.stringify(jsRows)}, the built page ${JSON.stringify(builtRows)}`);
      if (new URL(page.url()).searchParams.get('conflicts') !== 'undeclared') fail(where, `the address does not hold the flag filter: ${page.url()}`);
      if (!jsRows.every((r) => /^No declaration recorded \(\d+ registered interests?\)$/.test(r[1]))) fail(where, `a flagged row without its badge: ${JSON.stringify(jsRows)}`);
      flagged = `"No declaration recorded": ${jsRows.length} as built`;
      await page.selectOption('#f-conflicts', '');
      await settled(page);
    }

    // Cards on a phone: nothing wider than the screen.
    await page.setViewportSize(NARROW);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    if (overflow > 0) fail(where, `at 320 px the page is ${overflow} px wider than the screen`);

    const slowest = Math.max(ccgMs, wordMs, filterMs, sortMs);
    if (slowest > maxMs) fail(where, `a filter or sort took ${slowest.toFixed(0)} ms (limit ${maxMs})`);
    const data = requests.filter((r) => r.url.includes('/decisions/data/'));
    const kb = data.reduce((s, r) => s + r.size, 0) / 1024;
    ok(where, `${total} decisions in ${pages} pages; ${ccg}: "${ccgStatus}" in ${ccgMs.toFixed(0)} ms; "${word}": ${wordRows.length} in ${wordMs.toFixed(0)} ms; ${region} in ${filterMs.toFixed(0)} ms ("${status}"); sort by value in ${sortMs.toFixed(0)} ms; ${moved}; ${flagged}; fetched ${data.length} data files, ${kb.toFixed(0)} KB uncompressed; page loaded and ready in ${loadMs.toFixed(0)} ms`);
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

await harness.close();
console.log(failures ? `${failures} check(s) failed` : 'all finder checks passed');
process.exit(failures ? 1 : 0);
