// Live updates: an open page follows its side's stream (/workspace/events or /portal/events)
// and redraws the regions an event concerns, without a reload.
//
// A region is any element with an id and `data-live="topic topic..."` (`matter:<id>`,
// `contact:<id>`, `activity`, `home`, `firm`). When an event names one of its topics, the page
// is fetched again (the same URL, so the same reads and the same walls as a reload) and the
// region's content is replaced by the fresh copy's; nothing else on the page moves, so a half-
// written message stays as it is. What changed is announced in a polite live region, and new
// items are marked as new. The browser's EventSource reconnects by itself and sends
// Last-Event-ID, so what happened meanwhile is replayed. No inline script: loaded as a file.
(function () {
  "use strict";

  var stream = document.body && document.body.getAttribute("data-live-stream");
  if (!stream || !window.EventSource || !window.fetch || !window.DOMParser) return;

  var announcer = document.getElementById("live-announcer");
  var pending = {};
  var sayings = [];
  var timer = null;

  function regionsFor(topics) {
    var found = [];
    document.querySelectorAll("[data-live][id]").forEach(function (region) {
      var mine = region.getAttribute("data-live").split(/\s+/);
      if (topics.some(function (t) { return mine.indexOf(t) !== -1; })) found.push(region);
    });
    return found;
  }

  function idsIn(element) {
    var ids = {};
    element.querySelectorAll("[data-new-item][id]").forEach(function (item) { ids[item.id] = true; });
    return ids;
  }

  function announce(words) {
    if (!announcer || !words.length) return;
    announcer.textContent = "";
    // Set a moment later so screen readers hear it as new text.
    window.setTimeout(function () { announcer.textContent = words.join(". ") + "."; }, 50);
  }

  function refresh() {
    timer = null;
    var ids = Object.keys(pending);
    var said = sayings;
    pending = {};
    sayings = [];
    fetch(window.location.href, { credentials: "same-origin", headers: { "X-Live-Refresh": "1" } })
      .then(function (response) {
        if (!response.ok || response.redirected) return null;
        return response.text();
      })
      .then(function (html) {
        if (html === null) return;
        var fresh = new DOMParser().parseFromString(html, "text/html");
        var changed = false;
        ids.forEach(function (id) {
          var region = document.getElementById(id);
          var next = fresh.getElementById(id);
          if (!region || !next || region.innerHTML === next.innerHTML) return;
          var before = idsIn(region);
          region.innerHTML = next.innerHTML;
          region.querySelectorAll("[data-new-item][id]").forEach(function (item) {
            if (!before[item.id]) item.classList.add("is-new");
          });
          changed = true;
        });
        if (changed) {
          announce(said);
          document.dispatchEvent(new CustomEvent("portico:live-updated", { detail: { regions: ids } }));
        }
      })
      .catch(function () { /* the next event or reconnect tries again */ });
  }

  function schedule(regions, say) {
    regions.forEach(function (region) { pending[region.id] = true; });
    if (say && sayings.indexOf(say) === -1) sayings.push(say);
    if (timer === null) timer = window.setTimeout(refresh, 100);
  }

  var source = new EventSource(stream, { withCredentials: true });
  source.addEventListener("open", function () {
    document.body.setAttribute("data-live-state", "open");
  });
  source.addEventListener("message", function (message) {
    var event;
    try { event = JSON.parse(message.data); } catch (e) { return; }
    var regions = regionsFor(event.topics || []);
    if (regions.length) schedule(regions, event.say || "");
  });
  // The session ended or access was withdrawn: stop, and say so.
  source.addEventListener("end", function () {
    source.close();
    document.body.setAttribute("data-live-state", "ended");
    announce(["Live updates stopped. Reload the page to see the latest"]);
  });
  source.addEventListener("error", function () {
    if (source.readyState === EventSource.CLOSED) {
      document.body.setAttribute("data-live-state", "closed");
    }
  });
})();
