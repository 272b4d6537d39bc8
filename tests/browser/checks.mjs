#!/usr/bin/env node
// The transparency checks' pages and a CCG page's years, in headless Chromium.
//
//   node tests/browser/checks.mjs --site DIR
//
// DIR is a site built by `ccgpages build` (the bundled one in CI). Uses
// playwright-core from ci/browser/node_modules (`cd ci/browser && npm ci
// --ignore-scripts`) and Debian's Chromium (/usr/bin/chromium, or $CHROMIUM).
// Checks:
//
// - the home page's national checks table: following a "Not met" count
//   leads to that check's page, whose table lists as many CCGs as the count
//   said; the first CCG listed shows the check as "Not met" on its own page;
//   an "Unknown" count leads to as many CCGs in the unknown list;
// - a CCG page: opening it at a decision in a folded year (#decision-…)
//   opens that year and shows the decision (Chromium does it itself;
//   reveal.js, for other browsers, is tested on a hashchange);
// - on every page opened: no console error, page error or failed request.
//
// Exits 1 if a check fails, 2 on bad usage or a missing tool.

import fs from 'node:fs';
import path from 'node:path';
import { parseArgs, startHarness, usageFor } from '../../ci/browser/harness.mjs';

const usage = usageFor('checks', 'node tests/browser/checks.mjs --site DIR');
const siteDir = parseArgs({ '--site': 'path' }, usage).site ?? null;
if (!siteDir || !fs.existsSync(path.join(siteDir, 'checks/index.html'))) usage('--site DIR with a built site (checks/index.html) is needed');
const harness = await startHarness({ site: siteDir, usage });
const { basePath } = harness;
const at = harness.url;

let failures = 0;
function fail(where, msg) {
  failures++;
  console.log(`FAIL ${where}: ${msg}`);
}
function ok(where, msg) {
  console.log(`ok   ${where}: ${msg}`);
}

const open = (p) => harness.open(p);

// ---------------------------------------------------------------- not met
{
  const where = 'checks';
  const home = await open('');
  const problems = [...home.problems];
  try {
    const links = await home.page.$$eval('table:has(#checks-caption) a[href$="#not-met"]', (as) => as.map((a) => ({ href: a.getAttribute('href'), count: Number(a.textContent.replace(/,/g, '')) })));
    if (!links.length) throw new Error('no "Not met" count links to a check page');
    // Zero counts are not links.
    const zeros = await home.page.$$eval('table:has(#checks-caption) tbody td a', (as) => as.filter((a) => a.textContent.trim() === '0').length);
    if (zeros) fail(where, `${zeros} count(s) of 0 are links`);
    const { href, count } = links[0];
    const number = /checks\/(\d+)\/#not-met$/.exec(href)[1];
    await Promise.all([home.page.waitForURL(/#not-met$/), home.page.click(`table:has(#checks-caption) a[href="${href}"]`)]);
    const rows = await home.page.$$eval('table:has(#not-met-caption) tbody tr', (trs) => trs.map((tr) => {
      const a = tr.cells[0].querySelector('a');
      return { name: a.textContent, href: a.getAttribute('href'), why: tr.cells[2].textContent.trim() };
    }));
    const title = (await home.page.textContent('h1')).trim();
    if (rows.length !== count) fail(where, `check ${number}: the home page counts ${count} not met, its page lists ${rows.length}`);
    if (rows.some((r) => !r.why)) fail(where, `check ${number}: a CCG listed without a reason`);
    const ccg = await open(rows[0].href.slice(basePath.length));
    problems.push(...ccg.problems);
    const result = await ccg.page.$$eval(`table:has(#checks-caption) tbody tr`, (trs, n) => {
      const tr = trs.find((t) => (t.querySelector('th a')?.getAttribute('href') || '').endsWith(`checks/${n}/`));
      return tr ? tr.cells[1].textContent.trim() : null;
    }, number);
    if (result !== 'Not met') fail(where, `${rows[0].name} is listed as not meeting check ${number}, its page says ${result}`);
    else ok(where, `"${title}": ${count} not met, the first of them, ${rows[0].name}, says "Not met" on its page`);
    await ccg.page.close();

    // Unknown, if any check has it.
    await home.page.goto(at(''));
    const unknown = await home.page.$$eval('table:has(#checks-caption) a[href$="#unknown"]', (as) => as.map((a) => ({ href: a.getAttribute('href'), count: Number(a.textContent.replace(/,/g, '')) })));
    if (unknown.length) {
      const u = unknown[0];
      await Promise.all([home.page.waitForURL(/#unknown$/), home.page.click(`table:has(#checks-caption) a[href="${u.href}"]`)]);
      // One item a CCG: its name's link first, then a link to its records.
      const listed = await home.page.$$eval('#unknown ~ ul > li > a:first-child', (as) => as.length);
      if (listed !== u.count) fail(where, `${u.href}: the home page counts ${u.count} unknown, the page lists ${listed}`);
      else ok(where, `${u.href}: ${listed} unknown listed`);
    }
  } catch (e) {
    fail(where, e.message);
  }
  for (const p of problems) fail(where, p);
  await home.page.close();
}

// ---------------------------------------------------------------- years
{
  const where = 'years';
  // A CCG page with a decision in a folded year.
  let target = null;
  for (const id of fs.readdirSync(path.join(siteDir, 'ccgs')).sort()) {
    const file = path.join(siteDir, 'ccgs', id, 'index.html');
    if (!fs.existsSync(file)) continue;
    const html = fs.readFileSync(file, 'utf8');
    for (const part of html.split('<details class="nhsuk-details ccg-year"').slice(1)) {
      const head = part.slice(0, part.indexOf('>'));
      const card = /<div class="nhsuk-card" id="(decision-[^"]+)"/.exec(part.slice(0, part.indexOf('</details>')));
      if (!head.includes(' open') && card) {
        target = { id, anchor: card[1] };
        break;
      }
    }
    if (target) break;
  }
  if (!target) {
    fail(where, 'no CCG page has a decision in a folded year');
  } else {
    const { page, problems } = await open(`ccgs/${target.id}/#${target.anchor}`);
    try {
      await page.waitForFunction((a) => document.getElementById(a)?.closest('details')?.open, target.anchor, { timeout: 10000 });
      const seen = await page.evaluate((a) => {
        const r = document.getElementById(a).getBoundingClientRect();
        return r.height > 0 && r.top < window.innerHeight && r.bottom > 0;
      }, target.anchor);
      if (!seen) fail(where, `ccgs/${target.id}/#${target.anchor}: the year opened but the decision is not in view`);
      else ok(where, `ccgs/${target.id}/#${target.anchor} opens its year and shows the decision`);
      // Chromium opens the year by itself; reveal.js does it for browsers
      // that do not: fold the year again and let only the script see a
      // hashchange.
      const reopened = await page.evaluate((a) => {
        const d = document.getElementById(a).closest('details');
        d.open = false;
        window.dispatchEvent(new HashChangeEvent('hashchange'));
        return d.open;
      }, target.anchor);
      if (!reopened) fail(where, 'reveal.js did not open the year on hashchange');
      else ok(where, 'reveal.js opens the year holding the address\'s target');
    } catch (e) {
      fail(where, `ccgs/${target.id}/#${target.anchor}: the year holding the decision did not open (${e.message})`);
    }
    for (const p of problems) fail(where, p);
    await page.close();
  }
}

await harness.close();
console.log(failures ? `${failures} check(s) failed` : 'all checks-page checks passed');
process.exit(failures ? 1 : 0);
