/*
 * ccgpages search.js: searches the static index under search/index/ (see
 * src/render/search.rs for its format). Nothing is downloaded until someone
 * searches; then the manifest, the term shards the query's words need, and
 * the document chunks of the results shown.
 *
 * Every word of the query must match a word of a document that starts with
 * it ("merg" finds "merger"). A word in the title counts more than one in
 * the text, and a whole word more than a prefix; equal scores show the
 * newest first. The query is kept in the address (?q=...).
 */
(function () {
  'use strict';

  var form = document.getElementById('search-form');
  var input = document.getElementById('search-q');
  var status = document.getElementById('search-status');
  var results = document.getElementById('search-results');
  if (!form || !input || !window.fetch || !window.URLSearchParams) return;

  var base = input.getAttribute('data-index');
  var FIRST = 10;
  var MORE = 20;
  var MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

  var manifest = null;
  var shards = {};
  var chunks = {};
  var seq = 0;

  function getJson(path, opts) {
    return fetch(base + path, opts).then(function (r) {
      if (!r.ok) throw new Error(path + ': ' + r.status);
      return r.json();
    });
  }

  function loadManifest() {
    if (!manifest) {
      manifest = getJson('manifest.json', { cache: 'no-cache' });
      manifest.catch(function () { manifest = null; });
    }
    return manifest;
  }

  function loadShard(m, key) {
    if (!shards[key]) {
      var name = '';
      for (var i = 0; i < key.length; i++) {
        var code = key.codePointAt(i);
        if (code > 0xffff) i++;
        var ch = String.fromCodePoint(code);
        name += /^[a-z0-9]$/.test(ch) ? ch : '_' + code.toString(16) + '_';
      }
      shards[key] = getJson('t/' + name + '.json?v=' + m.version);
    }
    return shards[key];
  }

  function loadChunk(m, n) {
    if (!chunks[n]) chunks[n] = getJson('d/' + n + '.json?v=' + m.version);
    return chunks[n];
  }

  // The same words the index holds: lower-case runs of letters and digits, two or more characters.
  function words(q) {
    var seen = {};
    return q.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(function (w) {
      if (Array.from(w).length < 2 || seen[w]) return false;
      seen[w] = true;
      return true;
    });
  }

  // doc id -> score, for one word over the terms it starts.
  function scoresFor(word, loaded) {
    var scores = new Map();
    loaded.forEach(function (shard) {
      Object.keys(shard).forEach(function (term) {
        if (term.lastIndexOf(word, 0) !== 0) return;
        var exact = term === word ? 1 : 0;
        var id = 0;
        var postings = shard[term];
        for (var i = 0; i < postings.length; i++) {
          var v = postings[i];
          id += Math.floor(v / 4);
          var w = v % 4;
          var s = (w & 2 ? 3 : 0) + (w & 1 ? 1 : 0) + exact;
          var old = scores.get(id);
          if (old === undefined || old < s) scores.set(id, s);
        }
      });
    });
    return scores;
  }

  function run(q) {
    var mine = ++seq;
    var ws = words(q);
    if (!ws.length) {
      results.textContent = '';
      status.textContent = q.trim() ? 'Type at least two letters or digits.' : '';
      return;
    }
    status.textContent = 'Searching…';
    loadManifest().then(function (m) {
      return Promise.all(ws.map(function (w) {
        var keys = m.shards.filter(function (k) { return w.lastIndexOf(k, 0) === 0 || k.lastIndexOf(w, 0) === 0; });
        return Promise.all(keys.map(function (k) { return loadShard(m, k); })).then(function (loaded) {
          return scoresFor(w, loaded);
        });
      })).then(function (perWord) {
        if (mine !== seq) return;
        perWord.sort(function (a, b) { return a.size - b.size; });
        var total = [];
        perWord[0].forEach(function (s, id) {
          for (var i = 1; i < perWord.length; i++) {
            var t = perWord[i].get(id);
            if (t === undefined) return;
            s += t;
          }
          total.push([id, s]);
        });
        show(m, q, total, mine);
      });
    }).catch(function () {
      if (mine === seq) status.textContent = 'Search is not available just now: the index could not be loaded. Try again later.';
    });
  }

  function longDate(iso) {
    if (!iso) return '';
    var p = iso.split('-');
    return (+p[2]) + ' ' + MONTHS[+p[1] - 1] + ' ' + p[0];
  }

  function show(m, q, total, mine) {
    results.textContent = '';
    var groups = m.kinds.map(function (k) {
      return { key: k[0], label: k[1], hits: total.filter(function (h) { return h[0] >= k[2] && h[0] < k[2] + k[3]; }) };
    }).filter(function (g) { return g.hits.length; });
    groups.forEach(function (g) {
      g.hits.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
    });
    var count = total.length;
    if (!count) {
      status.textContent = 'No results for “' + q.trim() + '”.';
      return;
    }
    status.textContent = count.toLocaleString('en-GB') + ' result' + (count === 1 ? '' : 's') + ' for “' + q.trim() + '”: ' +
      groups.map(function (g) { return g.hits.length.toLocaleString('en-GB') + ' in ' + g.label.toLowerCase(); }).join(', ') + '.';
    groups.forEach(function (g) {
      var section = document.createElement('section');
      section.setAttribute('aria-labelledby', 'results-' + g.key);
      var h = document.createElement('h2');
      h.className = 'nhsuk-heading-m';
      h.id = 'results-' + g.key;
      h.textContent = g.label + ' (' + g.hits.length.toLocaleString('en-GB') + ')';
      var list = document.createElement('ol');
      list.className = 'nhsuk-list ccg-results';
      var more = document.createElement('button');
      more.type = 'button';
      more.className = 'nhsuk-button nhsuk-button--secondary';
      section.appendChild(h);
      section.appendChild(list);
      section.appendChild(more);
      results.appendChild(section);
      var shown = 0;
      function grow(n) {
        var next = g.hits.slice(shown, shown + n);
        shown += next.length;
        more.hidden = shown >= g.hits.length;
        more.textContent = 'Show ' + Math.min(MORE, g.hits.length - shown) + ' more ' + g.label.toLowerCase();
        var need = {};
        next.forEach(function (h) { need[Math.floor(h[0] / m.chunk)] = true; });
        var first = list.children.length;
        return Promise.all(Object.keys(need).map(function (c) { return loadChunk(m, +c); })).then(function () {
          return Promise.all(next.map(function (h) {
            return loadChunk(m, Math.floor(h[0] / m.chunk)).then(function (docs) { return docs[h[0] % m.chunk]; });
          }));
        }).then(function (docs) {
          if (mine !== seq) return;
          docs.forEach(function (d) { list.appendChild(item(m, d)); });
          return first;
        });
      }
      more.addEventListener('click', function () {
        grow(MORE).then(function (first) {
          var link = list.children[first] && list.children[first].querySelector('a');
          if (link) link.focus();
        });
      });
      grow(FIRST);
    });
  }

  function item(m, d) {
    var li = document.createElement('li');
    var a = document.createElement('a');
    a.setAttribute('href', d[1]);
    a.textContent = d[0];
    li.appendChild(a);
    var meta = [];
    if (d[2] >= 0 && m.owners[d[2]]) meta.push(m.owners[d[2]][0]);
    if (d[3]) meta.push(longDate(d[3]));
    if (meta.length) {
      var p = document.createElement('span');
      p.className = 'nhsuk-body-s ccg-results__meta';
      p.textContent = meta.join(' · ');
      li.appendChild(document.createElement('br'));
      li.appendChild(p);
    }
    return li;
  }

  var timer = null;
  function changed() {
    var q = input.value;
    var url = q.trim() ? '?q=' + encodeURIComponent(q.trim()) : window.location.pathname;
    window.history.replaceState(null, '', url);
    run(q);
  }
  input.addEventListener('input', function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(changed, 200);
  });
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    window.clearTimeout(timer);
    changed();
  });

  var initial = new URLSearchParams(window.location.search).get('q');
  if (initial) {
    input.value = initial;
    run(initial);
  }
})();
