// ccgpages serve: the live-preview client, added to HTML pages only while
// previewing (never to a built site). It reloads the page when the site has
// been rebuilt and the page changed, keeping the scroll position, and shows
// what is wrong when the content does not build.
(function () {
  "use strict";
  var me = document.currentScript;
  var build = (me && me.getAttribute("data-build")) || "0";
  var run = (me && me.getAttribute("data-run")) || "";
  var key = "ccgpages-scroll:" + location.pathname;
  var overlayId = "ccgpages-overlay";

  // Back where the reader was before the reload.
  var saved = null;
  try {
    saved = sessionStorage.getItem(key);
    sessionStorage.removeItem(key);
  } catch (e) { /* storage refused: reload at the top */ }
  if (saved !== null) {
    var y = parseInt(saved, 10) || 0;
    var restore = function () { window.scrollTo(0, y); };
    restore();
    window.addEventListener("load", restore);
  }

  if (!window.EventSource) return;
  var url = "/__ccgpages/events?page=" + encodeURIComponent(location.pathname) +
    "&since=" + encodeURIComponent(build) + "&run=" + encodeURIComponent(run);
  var events = new EventSource(url);

  events.addEventListener("reload", function () {
    try { sessionStorage.setItem(key, String(Math.round(window.scrollY))); } catch (e) { /* ignore */ }
    events.close();
    location.reload();
  });
  events.addEventListener("failed", function (e) { show(e.data); });

  function el(tag, css, text) {
    var node = document.createElement(tag);
    if (css) node.style.cssText = css;
    if (text) node.textContent = text;
    return node;
  }

  function hide() {
    var old = document.getElementById(overlayId);
    if (old) old.parentNode.removeChild(old);
  }

  function show(text) {
    hide();
    var lines = String(text).split("\n");
    var summary = lines.shift();
    var box = el("div", "position:fixed;top:0;right:0;bottom:0;left:0;z-index:2147483647;" +
      "background:rgba(33,43,50,0.72);overflow:auto;padding:24px 16px;box-sizing:border-box");
    box.id = overlayId;
    var panel = el("div", "max-width:960px;margin:0 auto;background:#fff;color:#212b32;" +
      "border-top:8px solid #d5281b;padding:24px 32px;box-sizing:border-box;" +
      "font:16px/1.5 Arial,Helvetica,sans-serif;text-align:left;box-shadow:0 4px 24px rgba(0,0,0,0.4)");
    panel.setAttribute("role", "alert");
    panel.appendChild(el("h2", "margin:0 0 8px;font-size:24px;line-height:1.3;font-weight:bold;color:#212b32",
      "The site did not rebuild: " + summary));
    panel.appendChild(el("p", "margin:0 0 16px",
      "You are looking at the last version that built. Fix the problem below and save: " +
      "this page reloads by itself."));
    panel.appendChild(el("pre", "margin:0 0 16px;padding:16px;background:#f0f4f5;color:#212b32;" +
      "border:1px solid #aeb7bd;white-space:pre-wrap;word-break:break-word;overflow:auto;max-height:60vh;" +
      "font:15px/1.45 Consolas,Menlo,'DejaVu Sans Mono',monospace", lines.join("\n").replace(/^\n+/, "")));
    var button = el("button", "font:bold 16px Arial,Helvetica,sans-serif;padding:8px 16px;" +
      "background:#005eb8;color:#fff;border:0;border-radius:4px;cursor:pointer",
      "Hide this message");
    button.type = "button";
    button.addEventListener("click", hide);
    panel.appendChild(button);
    box.appendChild(panel);
    document.body.appendChild(box);
  }
})();
