// The home page's "Find your CCG or GP practice": one box that takes a CCG
// name, a town, a practice name, an ODS code, a postcode or its district
// (NW1), and lists what matches from /lookup.json (fetched on first use).
// Without JavaScript the box stays hidden and the A to Z lists do the job.
(function (root) {
  "use strict";

  function normal(s) {
    return (s || "").toUpperCase().replace(/[^A-Z0-9]/g, "");
  }
  var POSTCODE = /^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$/;

  // Entries: {k: "ccg" | "practice", n: name, u: url, c: ODS code,
  // p: postcode, d: postcode district, t: town or address, g: CCG name}.
  // Best first: the code, the postcode, the district, then names and towns.
  function match(entries, query) {
    var raw = (query || "").trim();
    if (!raw) return [];
    var n = normal(raw);
    var full = POSTCODE.test(n);
    var district = full ? n.slice(0, -3) : n;
    var words = raw.toLowerCase().split(/\s+/);
    var found = [];
    entries.forEach(function (e) {
      var score = 0;
      if (e.c && normal(e.c) === n) score = 100;
      else if (e.p && normal(e.p) === n) score = 90;
      else if (e.d && e.d === district && (full || /^[A-Z]{1,2}[0-9][A-Z0-9]?$/.test(n))) score = full ? 70 : 80;
      else {
        var hay = (e.n + " " + (e.t || "") + " " + (e.g || "")).toLowerCase();
        if (words.every(function (w) { return hay.indexOf(w) >= 0; })) {
          score = e.n.toLowerCase().indexOf(raw.toLowerCase()) >= 0 ? 50 : 40;
        }
      }
      if (score) found.push([score, e]);
    });
    found.sort(function (a, b) { return b[0] - a[0] || (a[1].n < b[1].n ? -1 : a[1].n > b[1].n ? 1 : 0); });
    return found.map(function (x) { return x[1]; });
  }

  if (typeof module !== "undefined" && module.exports) {
    module.exports = { match: match };
    return;
  }
  var form = root.document && root.document.getElementById("lookup");
  if (!form) return;
  var input = form.elements.q;
  var list = document.getElementById("lookup-results");
  var status = document.getElementById("lookup-status");
  var entries = null;
  var shown = 20;
  form.hidden = false;
  function show() {
    var all = match(entries, input.value);
    list.textContent = "";
    all.slice(0, shown).forEach(function (e) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = e.u;
      a.textContent = e.n;
      li.appendChild(a);
      var more = e.k === "practice" ? " (GP practice " + e.c + (e.p ? ", " + e.p : "") + "), " + e.g : " (CCG " + e.c + ")";
      li.appendChild(document.createTextNode(more));
      list.appendChild(li);
    });
    status.textContent = input.value.trim() ? (all.length === 0 ? "No CCG or practice matches." : all.length.toLocaleString("en-GB") + (all.length === 1 ? " match" : " matches") + (all.length > shown ? ", the first " + shown + " shown." : ".")) : "";
  }
  function load() {
    if (entries) { show(); return; }
    fetch(form.getAttribute("data-src")).then(function (r) { return r.json(); }).then(function (data) {
      entries = data;
      show();
    }).catch(function () { status.textContent = "The list could not be loaded: use the A to Z lists below."; });
  }
  form.addEventListener("submit", function (ev) { ev.preventDefault(); load(); });
  input.addEventListener("input", load);
  // A shared address (?q=NW1) opens with its search done.
  var q = new URLSearchParams(location.search).get("q");
  if (q) {
    input.value = q;
    load();
  }
})(this);
