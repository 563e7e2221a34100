// A cmi5 AU's returnURL: tells the Baeum page that framed the AU that the
// learner left it, so the page shows the lesson's state afresh.
(function () {
  "use strict";
  var appOrigin = document.body.getAttribute("data-app-origin");
  var target = window.parent !== window ? window.parent : window.opener;
  if (target) {
    target.postMessage({ type: "baeum:return" }, appOrigin);
  }
})();
