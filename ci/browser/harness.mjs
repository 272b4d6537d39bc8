// The plumbing every browser script shares: a static server for a built
// site, Debian's Chromium driven by playwright-core, and pages opened with
// their problems recorded. Used by ci/browser/check-site.mjs,
// tests/browser/finder.mjs, tests/browser/checks.mjs and bench/phone.mjs;
// each keeps its own checks.
//
//   const usage = usageFor('finder', 'node tests/browser/finder.mjs --site DIR');
//   const opts = parseArgs({ '--site': 'path' }, usage);
//   const h = await startHarness({ site: opts.site, usage });
//   const { page, problems } = await h.open('decisions/');
//   ...
//   await h.close();
//
// The server serves the site at the path its home page's canonical address
// names (a site built for https://example.github.io/ccgpages/ at
// /ccgpages/), as GitHub Pages does: a folder's index.html, a folder
// without its slash redirected to it, a missing page answered with
// 404.html and status 404; with `gzip`, text compressed as GitHub Pages
// compresses it. Chromium is /usr/bin/chromium (Debian's package) or
// $CHROMIUM: playwright-core never downloads a browser.

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';

/** `require` for the packages of ci/browser/package.json (playwright-core, axe-core). */
export const requirePackage = createRequire(import.meta.url);

/** Window sizes: a desktop, the narrowest WCAG reflow width, and a phone (a context's options). */
export const DESKTOP = { width: 1280, height: 900 };
export const NARROW = { width: 320, height: 640 };
export const PHONE = { viewport: { width: 375, height: 667 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/** A function that prints `name: msg` and the usage line, and exits 2. */
export function usageFor(name, line) {
  return (msg) => {
    console.error(`${name}: ${msg}\nusage: ${line}`);
    process.exit(2);
  };
}

/**
 * The command line by `spec`, e.g. { '--site': 'path', '--runs': 'number',
 * '--budgets': 'flag' }: an object keyed by the option's name without its
 * dashes, in camel case (--max-filter-ms: maxFilterMs). Calls `usage` on an
 * unknown argument or a missing value.
 */
export function parseArgs(spec, usage, argv = process.argv.slice(2)) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const kind = Object.hasOwn(spec, arg) ? spec[arg] : null;
    const key = arg.replace(/^--/, '').replace(/-(.)/g, (_, c) => c.toUpperCase());
    if (kind === 'flag') out[key] = true;
    else if (kind && i + 1 < argv.length) {
      const value = argv[++i];
      out[key] = kind === 'path' ? path.resolve(value) : kind === 'number' ? Number(value) : value;
    } else usage(`unknown argument ${arg}`);
  }
  return out;
}

/** The site's path on its host, from the home page's canonical link; null without one. */
export function basePathOf(siteDir) {
  const home = fs.readFileSync(path.join(siteDir, 'index.html'), 'utf8');
  const canonical = /<link rel="canonical" href="([^"]+)"/.exec(home);
  return canonical ? new URL(canonical[1]).pathname.replace(/\/?$/, '/') : null;
}

/** Every HTML file of the site, as paths relative to it with `/`, sorted. */
export function htmlFiles(siteDir) {
  const out = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && e.name.endsWith('.html')) out.push(path.relative(siteDir, p).split(path.sep).join('/'));
    }
  };
  walk(siteDir);
  return out;
}

// ---------------------------------------------------------------- server

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8', '.json': 'application/json',
  '.xml': 'application/xml', '.csv': 'text/csv; charset=utf-8', '.txt': 'text/plain; charset=utf-8',
  '.ics': 'text/calendar', '.pdf': 'application/pdf', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.jpg': 'image/jpeg', '.ico': 'image/x-icon',
  '.xsl': 'application/xslt+xml',
};
const COMPRESSIBLE = new Set(['.html', '.css', '.js', '.json', '.xml', '.csv', '.txt', '.svg', '.ics', '.xsl']);

/**
 * Serves `siteDir` on 127.0.0.1 at its base path. Resolves to { origin,
 * basePath, url(p), fileFor(urlPath), gzipOf(file), close() }: `url` is
 * the address of a path under the site, `fileFor` the file an address
 * serves (null when it is missing), `gzipOf` a file compressed (level 6,
 * kept).
 */
export async function serveSite(siteDir, { gzip = false } = {}) {
  const basePath = basePathOf(siteDir);
  if (!basePath) throw new Error('the home page has no <link rel="canonical">');
  const gzipped = new Map();
  const gzipOf = (file) => {
    if (!gzipped.has(file)) gzipped.set(file, zlib.gzipSync(fs.readFileSync(file), { level: 6 }));
    return gzipped.get(file);
  };
  // The file or folder an address names, or null outside the site.
  const inSite = (urlPath) => {
    if (!urlPath.startsWith(basePath)) return null;
    let rel;
    try { rel = decodeURIComponent(urlPath.slice(basePath.length)); } catch { return null; }
    const file = path.join(siteDir, rel);
    return file === siteDir || file.startsWith(siteDir + path.sep) ? file : null;
  };
  const isDir = (f) => fs.existsSync(f) && fs.statSync(f).isDirectory();
  const isFile = (f) => fs.existsSync(f) && fs.statSync(f).isFile();
  const fileFor = (urlPath) => {
    let file = inSite(urlPath);
    if (file && isDir(file)) file = path.join(file, 'index.html');
    return file && isFile(file) ? file : null;
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    // Chromium may ask the host for /favicon.ico on its own: that is not the site's.
    if (url.pathname === '/favicon.ico' && !basePath.startsWith('/favicon.ico')) {
      res.writeHead(204);
      return res.end();
    }
    const dir = inSite(url.pathname);
    if (dir && isDir(dir) && !url.pathname.endsWith('/')) {
      res.writeHead(301, { Location: url.pathname + '/' + url.search });
      return res.end();
    }
    let file = fileFor(url.pathname);
    let status = 200;
    if (!file) {
      status = 404;
      file = path.join(siteDir, '404.html');
      if (!isFile(file)) {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
        return res.end('not found');
      }
    }
    const ext = path.extname(file);
    const headers = { 'Content-Type': TYPES[ext] || 'application/octet-stream', 'Cache-Control': 'no-store' };
    if (gzip && COMPRESSIBLE.has(ext) && /\bgzip\b/.test(req.headers['accept-encoding'] || '')) {
      const body = gzipOf(file);
      res.writeHead(status, { ...headers, 'Content-Encoding': 'gzip', 'Content-Length': body.length });
      return res.end(body);
    }
    res.writeHead(status, { ...headers, 'Content-Length': fs.statSync(file).size });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    basePath,
    url: (p) => origin + basePath + p,
    fileFor,
    gzipOf,
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

// ---------------------------------------------------------------- browser

export const chromiumPath = () => process.env.CHROMIUM || '/usr/bin/chromium';

/** playwright-core's chromium and its version; throws saying what to install. */
export function playwright() {
  if (!fs.existsSync(chromiumPath())) throw new Error(`${chromiumPath()} not found: install Debian's chromium package (or set CHROMIUM)`);
  try {
    const { chromium } = requirePackage('playwright-core');
    return { chromium, version: requirePackage('playwright-core/package.json').version };
  } catch (e) {
    throw new Error(`playwright-core is missing: cd ci/browser && npm ci --ignore-scripts (${e.message})`, { cause: e });
  }
}

/** Debian's Chromium, headless, with nothing of its own going on in the background. */
export function launchChromium() {
  return playwright().chromium.launch({
    executablePath: chromiumPath(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

/**
 * Records what goes wrong on `page` into `problems`: console errors (and
 * warnings with `warnings`), page errors, failed requests, HTTP errors
 * other than the navigation's own `expectStatus`, and with `siteOnly` any
 * request to another host (aborted). Returns the list of responses
 * ({ url, status }, with `size` and `gzip` of the body when `sizes`).
 */
export async function watch(page, problems, { origin, expectStatus = 200, warnings = false, siteOnly = false, sizes = false }) {
  const requests = [];
  page.on('console', (m) => {
    // Chromium logs each HTTP error as a console error too: the response
    // handler reports those, with their address.
    if ((m.type() === 'error' || (warnings && m.type() === 'warning')) && !/^Failed to load resource: the server responded with a status of/.test(m.text())) {
      problems.push(`console ${m.type()}: ${m.text()}`);
    }
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  // The favicon is the browser's own background request: a navigation (a
  // reload of a test's) cancels it, which is no fault of the site; a
  // missing favicon is still an HTTP error, caught below.
  page.on('requestfailed', (r) => {
    const error = r.failure()?.errorText;
    if (error === 'net::ERR_ABORTED' && new URL(r.url()).pathname.endsWith('/favicon.svg')) return;
    problems.push(`request failed: ${r.url()} (${error})`);
  });
  page.on('response', async (r) => {
    if (r.status() >= 400 && !(r.request().isNavigationRequest() && r.status() === expectStatus)) problems.push(`HTTP ${r.status()}: ${r.url()}`);
    const entry = { url: r.url(), status: r.status() };
    requests.push(entry);
    if (sizes) {
      entry.size = 0;
      entry.gzip = 0;
      try {
        const body = await r.body();
        entry.size = body.length;
        entry.gzip = zlib.gzipSync(body).length;
      } catch { /* redirects have no body */ }
    }
  });
  if (siteOnly) {
    await page.route('**/*', (route) => {
      const u = route.request().url();
      if (u.startsWith(origin + '/') || u.startsWith('data:')) return route.continue();
      problems.push(`request outside the site: ${u}`);
      return route.abort();
    });
  }
  return requests;
}

/**
 * Serves `site` and launches Chromium (calling `usage`, which exits 2, when
 * the site or a tool is missing). The harness has the server's fields
 * (origin, basePath, url, fileFor, gzipOf), `browser`, `browserVersion`,
 * `playwrightVersion`, and:
 *
 * - `newContext(options)`: a browser context, at DESKTOP size with reduced
 *   motion unless `options` say otherwise;
 * - `open(p, options)`: a new tab at path `p` of the site (in
 *   `options.context`, else in a context of its own at DESKTOP size),
 *   watched as `watch` says (the options `expectStatus`, `warnings`,
 *   `siteOnly`, `sizes`), waited for until `waitUntil` (default 'load');
 *   resolves to { page, problems, requests }, a navigation status other
 *   than `expectStatus` being a problem;
 * - `close()`: closes the browser and the server.
 */
export async function startHarness({ site, usage, gzip = false }) {
  if (!site || !fs.existsSync(path.join(site, 'index.html'))) usage(`${site ?? 'a site folder'}/index.html not found: build the site first`);
  let server;
  let browser;
  let playwrightVersion;
  try {
    playwrightVersion = playwright().version;
    server = await serveSite(site, { gzip });
    browser = await launchChromium();
  } catch (e) {
    if (server) await server.close();
    usage(e.message);
  }
  const newContext = (options = {}) => browser.newContext({ viewport: DESKTOP, reducedMotion: 'reduce', ...options });
  async function open(p, { context = null, waitUntil = 'load', timeout = 120000, expectStatus = 200, ...watching } = {}) {
    const page = context ? await context.newPage() : await browser.newPage({ viewport: DESKTOP, reducedMotion: 'reduce' });
    const problems = [];
    const requests = await watch(page, problems, { origin: server.origin, expectStatus, ...watching });
    const resp = await page.goto(server.url(p), { waitUntil, timeout });
    if (!resp) problems.push('no response');
    else if (resp.status() !== expectStatus) problems.push(`status ${resp.status()}, expected ${expectStatus}`);
    return { page, problems, requests };
  }
  return {
    ...server,
    browser,
    browserVersion: browser.version(),
    playwrightVersion,
    newContext,
    open,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}
