// Baeum's package player, on Baeum's own origin. The package runs in a
// frame on the content origin; this page takes only its messages
// (baeum:ready, baeum:commit, baeum:return) from that frame and that
// origin, and posts commits to Baeum with the page's CSRF token. The
// package never sees the token, the session or this page.
(function () {
  "use strict";
  var box = document.querySelector("[data-player]");
  if (!box) { return; }
  var frame = box.querySelector("iframe");
  var origin = box.getAttribute("data-origin");
  var runtime = box.getAttribute("data-runtime");
  var init = box.getAttribute("data-init");
  var csrf = box.getAttribute("data-csrf");
  var status = document.querySelector("[data-player-status]");
  var queue = Promise.resolve();

  function say(text) { if (status && text) { status.textContent = text; } }

  function commit(m) {
    if (!runtime) { return; } // a preview saves nothing
    var body = JSON.stringify({ item: String(m.item || ""), data: m.data, terminate: !!m.terminate, nav: String(m.nav || "") });
    queue = queue.then(function () {
      say(box.getAttribute("data-saving"));
      return fetch(runtime, {
        method: "POST", credentials: "same-origin", keepalive: !!m.terminate && body.length < 60000,
        headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf, "Accept": "application/json" },
        body: body
      }).then(function (res) {
        return res.json().then(function (out) {
          if (!res.ok) { say(out.message || box.getAttribute("data-failed")); return; }
          say(out.message || out.status || box.getAttribute("data-saved"));
          if (out.next) { window.location.assign(out.next); }
        });
      }).catch(function () { say(box.getAttribute("data-failed")); });
    });
  }

  window.addEventListener("message", function (ev) {
    if (ev.origin !== origin || ev.source !== frame.contentWindow) { return; }
    var m = ev.data;
    if (!m || typeof m.type !== "string") { return; }
    if (m.type === "baeum:ready" && init) {
      frame.contentWindow.postMessage({ type: "baeum:init", init: JSON.parse(init) }, origin);
    } else if (m.type === "baeum:commit") {
      commit(m);
    } else if (m.type === "baeum:return") {
      var back = new URL(window.location.href);
      back.searchParams.set("returned", "1");
      window.location.assign(back.pathname + back.search);
    }
  });
})();
