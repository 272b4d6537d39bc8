// /interests/: filters by CCG, type of interest and name. Without this
// script the page lists every register, reached from the list of CCGs.
(function () {
  "use strict";
  var form = document.getElementById("interest-filters");
  var status = document.getElementById("interest-status");
  if (!form || !status) return;
  var sections = Array.prototype.slice.call(document.querySelectorAll(".ccg-register"));
  var ccg = form.elements.ccg, type = form.elements.type, name = form.elements.name;
  var params = new URLSearchParams(location.search);
  ccg.value = params.get("ccg") || "";
  type.value = params.get("type") || "";
  name.value = params.get("name") || "";
  form.hidden = false;
  function apply() {
    var c = ccg.value, t = type.value, n = name.value.trim().toLowerCase();
    var shown = 0;
    sections.forEach(function (s) {
      var any = 0;
      if (!c || s.getAttribute("data-ccg") === c) {
        s.querySelectorAll("tbody tr").forEach(function (r) {
          var ok = (!t || r.getAttribute("data-type") === t) && (!n || r.getAttribute("data-name").indexOf(n) >= 0);
          r.hidden = !ok;
          if (ok) any++;
        });
      }
      s.hidden = any === 0;
      shown += any;
    });
    status.textContent = (c || t || n) ? shown.toLocaleString("en-GB") + (shown === 1 ? " row matches." : " rows match.") : "";
    var q = new URLSearchParams();
    if (c) q.set("ccg", c);
    if (t) q.set("type", t);
    if (n) q.set("name", name.value.trim());
    var s = q.toString();
    history.replaceState(null, "", s ? "?" + s : location.pathname);
  }
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
  apply();
})();
