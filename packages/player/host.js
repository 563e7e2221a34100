// Baeum's SCORM host, on the content origin. It holds the SCORM API
// (scorm-again) the SCO finds in its parent window, and hands each commit
// to the Baeum page that framed it by postMessage: the package's
// JavaScript never runs with the viewer's session, and nothing here can
// reach Baeum but these messages, to that one origin.
(function () {
  "use strict";
  var appOrigin = document.body.getAttribute("data-app-origin");
  var frame = document.getElementById("sco");
  var api = null;
  var item = "";
  var started = false;

  function send(msg) {
    window.parent.postMessage(msg, appOrigin);
  }

  function navRequest() {
    try {
      return (api && api.adl && api.adl.nav && api.adl.nav.request) || "";
    } catch (e) {
      return "";
    }
  }

  // The commits go to the page, not to a URL: the page posts them to
  // Baeum with its own CSRF token. A commit answers true at once; the page
  // shows the learner when saving fails, and the next commit carries the
  // whole data model again.
  var relay = {
    processHttpRequest: function (url, params, immediate) {
      send({ type: "baeum:commit", item: item, data: params, terminate: !!immediate, nav: immediate ? String(navRequest()) : "" });
      return { result: "true", errorCode: 0 };
    },
    updateSettings: function () {}
  };

  function start(init) {
    item = init.item;
    var settings = {
      lmsCommitUrl: "postmessage:baeum",
      httpService: relay,
      autocommit: true,
      autocommitSeconds: 30,
      mastery_override: true,
      logLevel: 5
    };
    if (init.standard === "scorm12") {
      api = new window.Scorm12API(settings);
      window.API = api;
    } else {
      api = new window.Scorm2004API(settings);
      window.API_1484_11 = api;
    }
    api.loadFromJSON(init.cmi, "");
    frame.src = init.launch;
  }

  window.addEventListener("message", function (ev) {
    if (ev.source !== window.parent || ev.origin !== appOrigin) {
      return;
    }
    var m = ev.data;
    if (!m || m.type !== "baeum:init" || started || !m.init) {
      return;
    }
    started = true;
    var lib = document.createElement("script");
    lib.src = m.init.standard === "scorm12" ? "scorm12.js" : "scorm2004.js";
    lib.onload = function () { start(m.init); };
    document.head.appendChild(lib);
  });
  send({ type: "baeum:ready" });
})();
