// The home page's "Find your CCG or GP practice": one box that takes a CCG
// name, a town, a practice name, an ODS code, a postcode or its district
// (NW1), and lists what matches from /lookup.json (fetched on first use).
// Without JavaScript the box stays hidden and the A to Z lists do the job.
// An ES module: `match` is exported for tests/suite/people.rs, which runs
// it in Node on a built lookup.json.
import { getJson, plural } from './common.js';

function normal(s) {
  return (s || '').toUpperCase().replace(/[^A-Z0-9]/g, '');
}
const POSTCODE = /^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$/;

// Entries: {k: 'ccg' | 'practice', n: name, u: url, c: ODS code,
// p: postcode, d: postcode district, t: town or address, g: CCG name}.
// Best first: the code, the postcode, the district, then names and towns.
export function match(entries, query) {
  const raw = (query || '').trim();
  if (!raw) return [];
  const n = normal(raw);
  const full = POSTCODE.test(n);
  const district = full ? n.slice(0, -3) : n;
  const words = raw.toLowerCase().split(/\s+/);
  const found = [];
  entries.forEach(function (e) {
    let score = 0;
    if (e.c && normal(e.c) === n) score = 100;
    else if (e.p && normal(e.p) === n) score = 90;
    else if (e.d && e.d === district && (full || /^[A-Z]{1,2}[0-9][A-Z0-9]?$/.test(n))) score = full ? 70 : 80;
    else {
      const hay = (e.n + ' ' + (e.t || '') + ' ' + (e.g || '')).toLowerCase();
      if (words.every(function (w) { return hay.indexOf(w) >= 0; })) {
        score = e.n.toLowerCase().indexOf(raw.toLowerCase()) >= 0 ? 50 : 40;
      }
    }
    if (score) found.push([score, e]);
  });
  found.sort(function (a, b) { return b[0] - a[0] || (a[1].n < b[1].n ? -1 : a[1].n > b[1].n ? 1 : 0); });
  return found.map(function (x) { return x[1]; });
}

const form = typeof document === 'undefined' ? null : document.getElementById('lookup');
if (form) enhance(form);

function enhance(form) {
  const input = form.elements.q;
  const list = document.getElementById('lookup-results');
  const status = document.getElementById('lookup-status');
  let entries = null;
  const shown = 20;
  form.hidden = false;
  function show() {
    const all = match(entries, input.value);
    list.textContent = '';
    all.slice(0, shown).forEach(function (e) {
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.href = e.u;
      a.textContent = e.n;
      li.appendChild(a);
      const more = e.k === 'practice' ? ' (GP practice ' + e.c + (e.p ? ', ' + e.p : '') + '), ' + e.g : ' (CCG ' + e.c + ')';
      li.appendChild(document.createTextNode(more));
      list.appendChild(li);
    });
    status.textContent = input.value.trim() ? (all.length === 0 ? 'No CCG or practice matches.' : plural(all.length, 'match', 'matches') + (all.length > shown ? ', the first ' + shown + ' shown.' : '.')) : '';
  }
  function load() {
    if (entries) { show(); return; }
    getJson(form.getAttribute('data-src')).then(function (data) {
      entries = data;
      show();
    }).catch(function () { status.textContent = 'The list could not be loaded: use the A to Z lists below.'; });
  }
  form.addEventListener('submit', function (ev) { ev.preventDefault(); load(); });
  input.addEventListener('input', load);
  // A shared address (?q=NW1) opens with its search done.
  const q = new URLSearchParams(location.search).get('q');
  if (q) {
    input.value = q;
    load();
  }
}
