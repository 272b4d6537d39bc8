/*
 * ccgpages search.js: searches the static index under search/index/ (see
 * src/render/search/mod.rs for its format). Nothing is downloaded until
 * someone searches; then the manifest, the term shards the query's words
 * need, and the document files of the results shown (with their excerpts).
 *
 * Every word of the query must match a word of a document that starts with
 * it ("merg" finds "merger"). A word in the title counts more than one in
 * the text, and a whole word more than a prefix; equal scores show a CCG's
 * newest first. Results can be narrowed by kind and by CCG; the query and
 * the narrowing are kept in the address (?q=...&kind=...&ccg=...) and
 * restored on load and on back and forward.
 *
 * Document text only ever enters the page as text nodes. An ES module
 * (<script type="module">), run once the page is parsed.
 */
import { getJson as fetchJson, longDate, number as n, plural } from './common.js';

const form = document.getElementById('search-form');
const input = document.getElementById('search-q');
const filters = document.getElementById('search-filters');
const kindsBox = document.getElementById('search-kinds');
const ccgSelect = document.getElementById('search-ccg');
if (form && input && filters && kindsBox && ccgSelect && window.fetch && window.URLSearchParams) enhance();

function enhance() {
  const status = document.getElementById('search-status');
  const results = document.getElementById('search-results');
  const base = input.getAttribute('data-index');
  const FIRST_ALL = 5;
  const FIRST_ONE = 10;
  const MORE = 20;
  const WINDOW = 26;

  let manifest = null;
  const shards = {};
  const files = {};
  let seq = 0;
  // What is asked for: the query and the narrowing, as in the address.
  let state = { q: '', kind: '', ccg: '' };
  // The last query's hits: { q, words, hits: [[id, score, kind index, owner]] }.
  let last = null;

  // A file of the index.
  function getJson(path, options) {
    return fetchJson(base + path, options);
  }

  function loadManifest() {
    if (!manifest) {
      manifest = getJson('manifest.json', { cache: 'no-cache' }).then(prepare);
      manifest.catch(function () { manifest = null; });
    }
    return manifest;
  }

  // Each kind's owner runs as starts, for a binary search by id.
  function prepare(m) {
    m.kinds.forEach(function (k) {
      k.starts = [];
      k.owners = [];
      let id = k.first;
      for (let i = 0; i < k.runs.length; i += 2) {
        k.starts.push(id);
        k.owners.push(k.runs[i]);
        id += k.runs[i + 1];
      }
    });
    m.byId = {};
    m.owners.forEach(function (o, i) { if (!(o[2] in m.byId)) m.byId[o[2]] = i; });
    return m;
  }

  function kindOf(m, id) {
    for (let i = 0; i < m.kinds.length; i++) {
      const k = m.kinds[i];
      if (id >= k.first && id < k.first + k.count) return i;
    }
    return -1;
  }

  function ownerOf(k, id) {
    let lo = 0, hi = k.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (k.starts[mid] <= id) lo = mid; else hi = mid - 1;
    }
    return k.owners.length ? k.owners[lo] : -1;
  }

  function loadShard(m, key) {
    if (!shards[key]) {
      let name = '';
      for (let i = 0; i < key.length; i++) {
        const code = key.codePointAt(i);
        if (code > 0xffff) i++;
        const ch = String.fromCodePoint(code);
        name += /^[a-z0-9]$/.test(ch) ? ch : '_' + code.toString(16) + '_';
      }
      shards[key] = getJson('t/' + name + '.json?v=' + m.version);
    }
    return shards[key];
  }

  // The row of document `id`: [title, url, owner, date, excerpt text].
  function loadRow(m, id) {
    const k = m.kinds[kindOf(m, id)];
    const i = id - k.first;
    const path = 'd/' + k.key + '/' + Math.floor(i / k.per) + '.json';
    if (!files[path]) {
      files[path] = getJson(path + '?v=' + m.version);
      files[path].catch(function () { delete files[path]; });
    }
    return files[path].then(function (rows) { return rows[i % k.per]; });
  }

  // The same words the index holds: lower-case runs of letters and digits, two or more characters.
  function words(q) {
    const seen = {};
    return q.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(function (w) {
      if (Array.from(w).length < 2 || seen[w]) return false;
      seen[w] = true;
      return true;
    });
  }

  // doc id -> score, for one word over the terms it starts.
  function scoresFor(word, loaded) {
    const scores = new Map();
    loaded.forEach(function (shard) {
      Object.keys(shard).forEach(function (term) {
        if (term.lastIndexOf(word, 0) !== 0) return;
        const exact = term === word ? 1 : 0;
        let id = 0;
        const postings = shard[term];
        for (let i = 0; i < postings.length; i++) {
          const v = postings[i];
          id += Math.floor(v / 4);
          const w = v % 4;
          const s = (w & 2 ? 3 : 0) + (w & 1 ? 1 : 0) + exact;
          const old = scores.get(id);
          if (old === undefined || old < s) scores.set(id, s);
        }
      });
    });
    return scores;
  }

  function run() {
    const mine = ++seq;
    const q = state.q;
    const ws = words(q);
    if (!ws.length) {
      last = null;
      results.textContent = '';
      filters.hidden = true;
      status.textContent = q.trim() ? 'Type at least two letters or digits.' : '';
      return;
    }
    status.textContent = 'Searching…';
    loadManifest().then(function (m) {
      return Promise.all(ws.map(function (w) {
        const keys = m.shards.filter(function (k) { return w.lastIndexOf(k, 0) === 0 || k.lastIndexOf(w, 0) === 0; });
        return Promise.all(keys.map(function (k) { return loadShard(m, k); })).then(function (loaded) {
          return scoresFor(w, loaded);
        });
      })).then(function (perWord) {
        if (mine !== seq) return;
        perWord.sort(function (a, b) { return a.size - b.size; });
        const hits = [];
        perWord[0].forEach(function (s, id) {
          for (let i = 1; i < perWord.length; i++) {
            const t = perWord[i].get(id);
            if (t === undefined) return;
            s += t;
          }
          const ki = kindOf(m, id);
          if (ki >= 0) hits.push([id, s, ki, ownerOf(m.kinds[ki], id)]);
        });
        hits.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
        last = { q: q, words: ws, hits: hits };
        show(m, mine);
      });
    }).catch(function () {
      if (mine === seq) status.textContent = 'Search is not available just now: the index could not be loaded. Try again later.';
    });
  }

  // The radios of the kinds and the list of CCGs, with the counts each
  // would show given the other narrowing.
  function showFilters(m, byKind, byOwner, all) {
    const focused = document.activeElement;
    const refocus = focused && kindsBox.contains(focused) ? focused.value : null;
    kindsBox.textContent = '';
    const options = [['', 'All results', all]];
    m.kinds.forEach(function (k, i) {
      if (byKind[i] || state.kind === k.key) options.push([k.key, k.label, byKind[i] || 0]);
    });
    options.forEach(function (o) {
      const div = document.createElement('div');
      div.className = 'nhsuk-radios__item';
      const radio = document.createElement('input');
      radio.className = 'nhsuk-radios__input';
      radio.type = 'radio';
      radio.name = 'kind';
      radio.id = 'search-kind-' + (o[0] || 'all');
      radio.value = o[0];
      radio.checked = state.kind === o[0];
      const label = document.createElement('label');
      label.className = 'nhsuk-label nhsuk-radios__label';
      label.htmlFor = radio.id;
      label.textContent = o[1] + ' (' + n(o[2]) + ')';
      div.appendChild(radio);
      div.appendChild(label);
      kindsBox.appendChild(div);
    });
    if (refocus !== null) {
      const again = kindsBox.querySelector('input[value="' + refocus + '"]');
      if (again) again.focus();
    }

    const owners = [];
    let total = 0;
    byOwner.forEach(function (count, o) {
      if (o >= 0) owners.push([o, count]);
      total += count;
    });
    const chosen = m.byId[state.ccg];
    if (chosen !== undefined && !byOwner.has(chosen)) owners.push([chosen, 0]);
    owners.sort(function (a, b) { return m.owners[a[0]][0].localeCompare(m.owners[b[0]][0], 'en-GB'); });
    ccgSelect.textContent = '';
    const any = document.createElement('option');
    any.value = '';
    any.textContent = 'All CCGs (' + n(total) + ')';
    ccgSelect.appendChild(any);
    owners.forEach(function (o) {
      const opt = document.createElement('option');
      opt.value = m.owners[o[0]][2];
      opt.textContent = m.owners[o[0]][0] + ' (' + n(o[1]) + ')';
      ccgSelect.appendChild(opt);
    });
    ccgSelect.value = chosen !== undefined ? state.ccg : '';
    filters.hidden = false;
  }

  function show(m, mine) {
    results.textContent = '';
    const q = last.q.trim();
    let kind = -1;
    m.kinds.forEach(function (k, i) { if (k.key === state.kind) kind = i; });
    const owner = state.ccg && m.byId[state.ccg] !== undefined ? m.byId[state.ccg] : null;
    const byKind = m.kinds.map(function () { return 0; });
    const byOwner = new Map();
    let all = 0;
    const shown = [];
    last.hits.forEach(function (h) {
      const inKind = kind < 0 || h[2] === kind;
      const inOwner = owner === null || h[3] === owner;
      if (inOwner) { byKind[h[2]]++; all++; }
      if (inKind) byOwner.set(h[3], (byOwner.get(h[3]) || 0) + 1);
      if (inKind && inOwner) shown.push(h);
    });
    showFilters(m, byKind, byOwner, all);

    const narrowed = kind >= 0 || owner !== null;
    if (!shown.length) {
      status.textContent = 'No results for “' + q + '”' + (narrowed ? ' with this narrowing: choose “All” to see more.' : '.');
      return;
    }
    const ccgs = {};
    const groups = {};
    shown.forEach(function (h) {
      if (h[3] >= m.ccgs) groups[h[3]] = true; else if (h[3] >= 0) ccgs[h[3]] = true;
    });
    const what = kind >= 0 ? plural(shown.length, m.kinds[kind].one, m.kinds[kind].many) : plural(shown.length, 'result', 'results');
    let where = '';
    if (owner !== null) {
      where = ' in ' + m.owners[owner][0];
    } else {
      const places = [];
      const c = Object.keys(ccgs).length;
      const g = Object.keys(groups).length;
      if (c) places.push(plural(c, 'CCG', 'CCGs'));
      if (g) places.push(plural(g, 'group', 'groups'));
      if (places.length) where = ' in ' + places.join(' and ');
    }
    status.textContent = what + where + ' for “' + q + '”.';

    m.kinds.forEach(function (k, i) {
      if (kind >= 0 && i !== kind) return;
      const hits = shown.filter(function (h) { return h[2] === i; });
      if (hits.length) section(m, k, hits, kind >= 0 ? FIRST_ONE : FIRST_ALL, mine);
    });
  }

  function section(m, k, hits, first, mine) {
    const box = document.createElement('section');
    box.setAttribute('aria-labelledby', 'results-' + k.key);
    const h = document.createElement('h2');
    h.className = 'nhsuk-heading-m';
    h.id = 'results-' + k.key;
    h.textContent = k.label + ' (' + n(hits.length) + ')';
    const list = document.createElement('ol');
    list.className = 'nhsuk-list ccg-results';
    const more = document.createElement('button');
    more.type = 'button';
    more.className = 'nhsuk-button nhsuk-button--secondary';
    box.appendChild(h);
    box.appendChild(list);
    box.appendChild(more);
    results.appendChild(box);
    let count = 0;
    function grow(size) {
      const next = hits.slice(count, count + size);
      count += next.length;
      more.hidden = count >= hits.length;
      more.textContent = 'Show ' + n(Math.min(MORE, hits.length - count)) + ' more ' + k.many;
      const start = list.children.length;
      return Promise.all(next.map(function (h) { return loadRow(m, h[0]); })).then(function (rows) {
        if (mine !== seq || !box.isConnected) return start;
        rows.forEach(function (d) { list.appendChild(item(m, k, d)); });
        return start;
      });
    }
    more.addEventListener('click', function () {
      grow(MORE).then(function (start) {
        const link = list.children[start] && list.children[start].querySelector('a');
        if (link) link.focus();
      });
    });
    grow(first).catch(function () {
      if (mine === seq) status.textContent = 'Some results could not be loaded. Try again later.';
    });
  }

  function item(m, k, d) {
    const li = document.createElement('li');
    const a = document.createElement('a');
    a.setAttribute('href', d[1]);
    a.textContent = d[0];
    li.appendChild(a);
    const meta = [];
    const owner = d[2] >= 0 && m.owners[d[2]] ? m.owners[d[2]][0] : '';
    if (owner && d[0].indexOf(owner) < 0) meta.push(owner);
    const date = longDate(d[3]);
    if (date && d[0].indexOf(date) < 0) meta.push(k.key === 'terms' ? 'Approved ' + date : date);
    if (meta.length) {
      const p = document.createElement('p');
      p.className = 'nhsuk-body-s ccg-results__meta';
      p.textContent = meta.join(' · ');
      li.appendChild(p);
    }
    if (d[4]) li.appendChild(excerpt(d[4], last ? last.words : []));
    return li;
  }

  // About WINDOW words of `text` from a little before its first word that
  // a query word starts, every such word in <mark>; built of text nodes.
  function excerpt(text, ws) {
    const re = /[\p{L}\p{N}]+/gu;
    const toks = [];
    let hit = -1;
    let t;
    while ((t = re.exec(text))) {
      const w = t[0].toLowerCase();
      const match = Array.from(w).length >= 2 && ws.some(function (q) { return w.lastIndexOf(q, 0) === 0; });
      if (match && hit < 0) hit = toks.length;
      toks.push([t.index, t.index + t[0].length, match]);
    }
    const p = document.createElement('p');
    p.className = 'nhsuk-body-s ccg-results__excerpt';
    if (!toks.length) return p;
    const from = hit < 0 ? 0 : Math.max(0, hit - 8);
    const to = Math.min(toks.length, from + WINDOW);
    let at = from > 0 ? toks[from][0] : 0;
    if (from > 0) p.appendChild(document.createTextNode('… '));
    for (let i = from; i < to; i++) {
      if (!toks[i][2]) continue;
      if (toks[i][0] > at) p.appendChild(document.createTextNode(text.slice(at, toks[i][0])));
      const mark = document.createElement('mark');
      mark.textContent = text.slice(toks[i][0], toks[i][1]);
      p.appendChild(mark);
      at = toks[i][1];
    }
    const end = to < toks.length ? toks[to - 1][1] : text.length;
    if (end > at) p.appendChild(document.createTextNode(text.slice(at, end)));
    if (to < toks.length) p.appendChild(document.createTextNode(' …'));
    return p;
  }

  // The address of the state: ?q=...&kind=...&ccg=...
  function address() {
    const p = new URLSearchParams();
    if (state.q.trim()) p.set('q', state.q.trim());
    if (state.kind) p.set('kind', state.kind);
    if (state.ccg) p.set('ccg', state.ccg);
    const s = p.toString();
    return window.location.pathname + (s ? '?' + s : '');
  }

  function fromAddress() {
    const p = new URLSearchParams(window.location.search);
    state = { q: p.get('q') || '', kind: p.get('kind') || '', ccg: p.get('ccg') || '' };
    input.value = state.q;
  }

  // A new query: the address follows it without adding to the history
  // while typing; a submitted one adds to it.
  let timer = null;
  function changed(push) {
    const q = input.value;
    const same = q.trim() === state.q.trim();
    state.q = q;
    const url = address();
    if (push && !same) window.history.pushState(null, '', url); else window.history.replaceState(null, '', url);
    if (!same || !last) run();
  }
  input.addEventListener('input', function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { changed(false); }, 200);
  });
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    window.clearTimeout(timer);
    changed(true);
  });

  // Narrowing adds to the history, so back undoes it.
  function narrowed() {
    window.history.pushState(null, '', address());
    if (last && manifest) manifest.then(function (m) { show(m, seq); });
  }
  kindsBox.addEventListener('change', function (e) {
    if (e.target.name !== 'kind') return;
    state.kind = e.target.value;
    narrowed();
  });
  ccgSelect.addEventListener('change', function () {
    state.ccg = ccgSelect.value;
    narrowed();
  });

  window.addEventListener('popstate', function () {
    const q = state.q.trim();
    fromAddress();
    if (state.q.trim() !== q || !last) run();
    else manifest.then(function (m) { show(m, seq); });
  });

  fromAddress();
  if (state.q) run();
}
