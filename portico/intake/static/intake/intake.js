// Intake answers save as the client types or picks: debounced for text, at once for a choice.
// Each question says "Saving…", "Saved" or why not (aria-live); an answer that could not be
// sent (offline, or the session must be renewed) is kept and sent again when the network
// comes back, the page regains focus, or every few seconds. No inline script: CSP allows none.
(function () {
  "use strict";
  var form = document.querySelector("[data-intake-form]");
  if (!form) return;
  var base = form.getAttribute("data-url");
  var pending = {}; // question id -> true while an answer waits to be sent again
  var timers = {};
  var inflight = {};
  var dirty = {}; // question id -> true until its latest value is saved

  function csrf() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (e) {
      return "";
    }
  }

  function fieldOf(el) {
    return el.closest("[data-intake-field]");
  }

  function valueOf(field) {
    var kind = field.getAttribute("data-kind");
    if (kind === "multiple_choice") {
      return Array.prototype.map.call(
        field.querySelectorAll("input[type=checkbox]:checked"), function (i) { return i.value; });
    }
    if (kind === "yes_no" || kind === "single_choice") {
      var checked = field.querySelector("input[type=radio]:checked");
      return checked ? checked.value : "";
    }
    return field.querySelector("input, textarea").value;
  }

  function status(field, text) {
    var box = field.parentNode.querySelector("[data-intake-status]");
    if (box) box.textContent = text;
  }

  function showError(field, message) {
    var error = field.querySelector("[data-intake-error]");
    var controls = field.querySelectorAll("input, textarea");
    if (error) error.innerHTML = "";
    if (message && error) {
      var hidden = document.createElement("span");
      hidden.className = "visually-hidden";
      hidden.textContent = "Error: ";
      error.appendChild(hidden);
      error.appendChild(document.createTextNode(message));
    }
    field.classList.toggle("field--error", !!message);
    Array.prototype.forEach.call(controls, function (c) {
      if (message) c.setAttribute("aria-invalid", "true");
      else c.removeAttribute("aria-invalid");
    });
  }

  function progress() {
    var box = document.getElementById("intake-progress");
    if (!box) return;
    var left = 0;
    Array.prototype.forEach.call(form.querySelectorAll("[data-intake-question][data-required]"),
      function (q) {
        var v = valueOf(q.querySelector("[data-intake-field]"));
        if (!v || (Array.isArray(v) && !v.length)) left += 1;
      });
    var text = left ? left + " required question" + (left === 1 ? "" : "s") + " still to answer."
                    : "Every required question is answered. Thank you.";
    if (box.textContent !== text) box.textContent = text;
  }

  function save(field) {
    var id = field.getAttribute("data-question");
    var input = field.querySelector("input[type=date]");
    if (input && input.validity && input.validity.badInput) {
      showError(field, "Enter a real date, like 2026-03-31.");
      dirty[id] = false;
      status(field, "Not saved");
      return;
    }
    if (inflight[id]) { pending[id] = true; return; }
    inflight[id] = true;
    pending[id] = false;
    status(field, "Saving…");
    var sent = JSON.stringify({ value: valueOf(field) });
    fetch(base + id, {
      method: "PUT",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
      body: sent
    }).then(function (response) {
      inflight[id] = false;
      if (response.ok) {
        showError(field, "");
        if (JSON.stringify({ value: valueOf(field) }) !== sent) { save(field); return; }
        dirty[id] = false;
        status(field, "Saved");
        progress();
        return;
      }
      if (response.status === 422) {
        return response.json().then(function (body) {
          var errors = (body && body.errors && body.errors.value) || [body.detail || "This answer cannot be saved."];
          showError(field, errors.join(" "));
          // Refused: sending it again would be refused again; the person corrects it first.
          dirty[id] = false;
          status(field, "Not saved");
        });
      }
      if (response.status === 401 || response.status === 403) {
        pending[id] = true;
        status(field, "Not saved yet: please sign in again in another tab. Your answer is kept here.");
        return;
      }
      pending[id] = true;
      status(field, "Not saved yet. Trying again…");
    }).catch(function () {
      inflight[id] = false;
      pending[id] = true;
      status(field, "Not saved yet: no connection. It will be saved when you are back online.");
    });
  }

  function retry() {
    Object.keys(pending).forEach(function (id) {
      if (!pending[id]) return;
      var field = form.querySelector('[data-intake-field][data-question="' + id + '"]');
      if (field) save(field);
    });
  }

  function later(field, ms) {
    var id = field.getAttribute("data-question");
    clearTimeout(timers[id]);
    dirty[id] = true;
    status(field, "Not saved yet…");
    timers[id] = setTimeout(function () { save(field); }, ms);
  }

  // Text is saved once typing pauses; a choice or a date as soon as it changes (once: a
  // choice fires both events, so "input" leaves those to "change").
  var AT_ONCE = { yes_no: 1, single_choice: 1, multiple_choice: 1, date: 1 };
  form.addEventListener("input", function (e) {
    var field = fieldOf(e.target);
    if (field && !AT_ONCE[field.getAttribute("data-kind")]) later(field, 700);
  });
  form.addEventListener("change", function (e) {
    var field = fieldOf(e.target);
    if (!field) return;
    if (AT_ONCE[field.getAttribute("data-kind")]) later(field, 0);
    else if (dirty[field.getAttribute("data-question")]) later(field, 0);
  });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  window.addEventListener("online", retry);
  window.addEventListener("focus", retry);
  setInterval(retry, 5000);
  // Leaving with an answer not sent yet: send it now, and ask the browser to warn.
  window.addEventListener("pagehide", function () {
    Object.keys(timers).forEach(function (id) { clearTimeout(timers[id]); });
    Array.prototype.forEach.call(form.querySelectorAll("[data-intake-field]"), function (field) {
      var id = field.getAttribute("data-question");
      if (dirty[id]) {
        try {
          fetch(base + id, {
            method: "PUT", credentials: "same-origin", keepalive: true,
            headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
            body: JSON.stringify({ value: valueOf(field) })
          });
        } catch (e) { /* nothing more to do */ }
      }
    });
  });
})();
