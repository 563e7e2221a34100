// A demo SCO (SCORM 1.2): three pages, resumed where the learner left
// them (suspend_data), and one question scored against the mastery score.
(function () {
  "use strict";
  var api = null;
  for (var w = window, i = 0; w && i < 10 && !api; i++) {
    try { api = w.API || null; } catch (e) { api = null; }
    if (w === w.parent) { break; }
    w = w.parent;
  }
  var pages = document.querySelectorAll("section");
  var page = 0;
  var call = function (name) {
    var args = Array.prototype.slice.call(arguments, 1);
    return api ? api[name].apply(api, args) : "";
  };
  call("LMSInitialize", "");
  var saved = call("LMSGetValue", "cmi.suspend_data");
  if (/^page=\d$/.test(saved)) { page = Math.min(pages.length - 1, parseInt(saved.slice(5), 10)); }
  function show() {
    for (var i = 0; i < pages.length; i++) { pages[i].className = i === page ? "on" : ""; }
    document.getElementById("back").disabled = page === 0;
    document.getElementById("next").hidden = page === pages.length - 1;
    document.getElementById("submit").hidden = page !== pages.length - 1;
  }
  function go(to) {
    page = to;
    call("LMSSetValue", "cmi.suspend_data", "page=" + page);
    call("LMSSetValue", "cmi.core.lesson_location", String(page));
    call("LMSSetValue", "cmi.core.exit", "suspend");
    if (call("LMSGetValue", "cmi.core.lesson_status") === "not attempted") { call("LMSSetValue", "cmi.core.lesson_status", "incomplete"); }
    call("LMSCommit", "");
    show();
  }
  document.getElementById("back").onclick = function () { go(page - 1); };
  document.getElementById("next").onclick = function () { go(page + 1); };
  document.getElementById("submit").onclick = function () {
    var chosen = document.querySelector("input[name=q]:checked");
    var right = chosen && chosen.value === "b";
    call("LMSSetValue", "cmi.core.score.raw", right ? "100" : "0");
    call("LMSSetValue", "cmi.core.score.min", "0");
    call("LMSSetValue", "cmi.core.score.max", "100");
    call("LMSSetValue", "cmi.core.lesson_status", right ? "passed" : "failed");
    call("LMSSetValue", "cmi.core.exit", right ? "" : "suspend");
    call("LMSCommit", "");
    document.getElementById("result").textContent = right ? "Right: the villages that worked together. You passed." : "Not quite. Read the second page again and try once more.";
    if (right) { call("LMSFinish", ""); }
  };
  show();
})();
