// A demo cmi5 AU: fetches its token, reads LMS.LaunchData, sends
// initialized, then completed with passed or failed, terminated, and
// returns to Baeum.
(function () {
  "use strict";
  var q = new URLSearchParams(location.search);
  var status = document.getElementById("status");
  var endpoint = q.get("endpoint"), actor = JSON.parse(q.get("actor") || "{}");
  var token = "", launch = null;
  function id() {
    return "10000000-1000-4000-8000-100000000000".replace(/[018]/g, function (c) {
      return (c ^ crypto.getRandomValues(new Uint8Array(1))[0] & 15 >> c / 4).toString(16);
    });
  }
  function statement(verb, result, moveOn) {
    var ctx = JSON.parse(JSON.stringify(launch.contextTemplate));
    ctx.registration = q.get("registration");
    ctx.contextActivities.category = [{ id: "https://w3id.org/xapi/cmi5/context/categories/cmi5" }];
    if (moveOn) { ctx.contextActivities.category.push({ id: "https://w3id.org/xapi/cmi5/context/categories/moveon" }); }
    var st = { id: id(), actor: actor, verb: { id: "http://adlnet.gov/expapi/verbs/" + verb, display: { "en-US": verb } },
      object: { objectType: "Activity", id: q.get("activityId") }, context: ctx, timestamp: new Date().toISOString() };
    if (result) { st.result = result; }
    return fetch(endpoint + "statements", { method: "POST", body: JSON.stringify(st),
      headers: { "Authorization": "Basic " + token, "X-Experience-API-Version": "1.0.3", "Content-Type": "application/json" } });
  }
  fetch(q.get("fetch"), { method: "POST" }).then(function (r) { return r.json(); }).then(function (j) {
    token = j["auth-token"];
    var state = endpoint + "activities/state?stateId=LMS.LaunchData&activityId=" + encodeURIComponent(q.get("activityId")) +
      "&agent=" + encodeURIComponent(q.get("actor")) + "&registration=" + encodeURIComponent(q.get("registration"));
    return fetch(state, { headers: { "Authorization": "Basic " + token, "X-Experience-API-Version": "1.0.3" } });
  }).then(function (r) { return r.json(); }).then(function (ld) {
    launch = ld;
    return statement("initialized");
  }).then(function () { status.textContent = "Ready."; }, function () { status.textContent = "This activity must be launched from Baeum."; });
  document.getElementById("answer").onclick = function () {
    var chosen = document.querySelector("input[name=q]:checked");
    var right = !!chosen && chosen.value === "a";
    statement("completed", { completion: true }, true).then(function () {
      return statement(right ? "passed" : "failed", { success: right, score: { scaled: right ? 1 : 0 } }, true);
    }).then(function () { return statement("terminated"); }).then(function () {
      status.textContent = right ? "Right. Returning to Baeum…" : "Not quite: the villagers' own meeting comes first. Returning to Baeum…";
      setTimeout(function () { location.assign(launch.returnURL); }, 1500);
    });
  };
})();
