// Intake answers save as the client types or picks: debounced for text, at once for a choice,
// when focus leaves an address, and a file as soon as it is chosen (streamed to the matter's
// documents). Each question says "Saving…", "Saved" or why not (aria-live).
//
// No typed answer is lost: an answer not saved yet is also kept in this browser's storage
// until the server has it, so closing the page while offline keeps it; it is put back and sent
// when the page opens again. An answer that could not be sent (offline, or the session ended)
// is sent again when the network comes back, the page regains focus, or every few seconds;
// when the session ended the person is asked to sign in again (in another tab), and the page
// picks up the new session's token before sending.
//
// A question shown only for an earlier answer appears or disappears as that answer changes;
// the server still refuses an answer to a question that does not apply.
// No inline script: CSP allows none.
(function () {
  "use strict";
  var form = document.querySelector("[data-intake-form]");
  if (!form) return;
  var base = form.getAttribute("data-url");
  var storeKey = "portico-intake:" + base;
  var pending = {}; // question id -> true while an answer waits to be sent again
  var timers = {};
  var inflight = {};
  var dirty = {}; // question id -> true until its latest value is saved
  var signedOut = false; // the last save was refused for the session: renew the token first
  // One answer is sent at a time, in the order they were given: the server sees the page's
  // answers in order (an answer that shows a question arrives before that question's).
  var busy = false;

  function csrf() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (e) {
      return "";
    }
  }

  // Answers not saved yet, kept in the browser: { question id: value }.
  function kept() {
    try {
      return JSON.parse(window.localStorage.getItem(storeKey) || "{}") || {};
    } catch (e) {
      return {};
    }
  }

  function keep(id, value) {
    try {
      var all = kept();
      if (value === undefined) delete all[id];
      else all[id] = value;
      if (Object.keys(all).length) window.localStorage.setItem(storeKey, JSON.stringify(all));
      else window.localStorage.removeItem(storeKey);
    } catch (e) { /* storage full or refused: the page still holds the answer */ }
  }

  function fieldOf(el) {
    return el.closest("[data-intake-field]");
  }

  function fieldById(id) {
    return form.querySelector('[data-intake-field][data-question="' + id + '"]');
  }

  function part(field, name) {
    var input = field.querySelector('[name="' + name + '"]');
    return input ? input.value : "";
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
    if (kind === "address") {
      return {
        lines: [part(field, "line1"), part(field, "line2")],
        city: part(field, "city"),
        region: part(field, "region"),
        postal_code: part(field, "postal_code"),
        country: part(field, "country")
      };
    }
    return field.querySelector("input, textarea").value;
  }

  function setValue(field, value) {
    var kind = field.getAttribute("data-kind");
    if (kind === "multiple_choice" || kind === "yes_no" || kind === "single_choice") {
      var chosen = Array.isArray(value) ? value : [value];
      Array.prototype.forEach.call(field.querySelectorAll("input"), function (i) {
        i.checked = chosen.indexOf(i.value) !== -1;
      });
    } else if (kind === "address" && value && typeof value === "object") {
      var lines = value.lines || [];
      var parts = { line1: lines[0] || "", line2: lines[1] || "", city: value.city,
                    region: value.region, postal_code: value.postal_code, country: value.country };
      Object.keys(parts).forEach(function (name) {
        var input = field.querySelector('[name="' + name + '"]');
        if (input) input.value = parts[name] || "";
      });
    } else if (kind !== "file" && typeof value === "string") {
      field.querySelector("input, textarea").value = value;
    }
  }

  function filled(value) {
    if (Array.isArray(value)) return value.length > 0;
    if (value && typeof value === "object") {
      return Object.keys(value).some(function (k) {
        return k !== "country" && (Array.isArray(value[k]) ? value[k].join("") : value[k]);
      });
    }
    return !!value;
  }

  function status(field, text) {
    var box = field.parentNode.querySelector("[data-intake-status]");
    if (box && box.textContent !== text) box.textContent = text;
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

  function questionOf(field) {
    return field.closest("[data-intake-question]");
  }

  function progress() {
    var box = document.getElementById("intake-progress");
    if (!box) return;
    var left = 0;
    Array.prototype.forEach.call(form.querySelectorAll("[data-intake-question][data-required]"),
      function (q) {
        if (q.hidden) return;
        var field = q.querySelector("[data-intake-field]");
        var answered = field.getAttribute("data-kind") === "file"
          ? field.hasAttribute("data-answered") : filled(valueOf(field));
        if (!answered) left += 1;
      });
    var text = left ? left + " required question" + (left === 1 ? "" : "s") + " still to answer."
                    : "Every required question is answered. Thank you.";
    if (box.textContent !== text) box.textContent = text;
  }

  // Conditions: a question with data-show-when is shown only while that earlier question has
  // the answer data-show-when-value (one of its answers, for several choices).
  function applyConditions() {
    Array.prototype.forEach.call(form.querySelectorAll("[data-intake-question][data-show-when]"),
      function (q) {
        var controller = fieldById(q.getAttribute("data-show-when"));
        var wanted = q.getAttribute("data-show-when-value");
        var given = controller && !questionOf(controller).hidden ? valueOf(controller) : "";
        var show = Array.isArray(given) ? given.indexOf(wanted) !== -1 : given === wanted;
        if (q.hidden === show) q.hidden = !show;
      });
    progress();
  }

  function signInAgain(field) {
    var box = field.parentNode.querySelector("[data-intake-status]");
    if (!box) return;
    box.textContent = "";
    box.appendChild(document.createTextNode(
      "Not saved yet: you were signed out. Your answer is kept here. "));
    var link = document.createElement("a");
    link.href = form.getAttribute("data-sign-in-url") || "/portal/sign-in/";
    link.target = "_blank";
    link.rel = "noopener";
    link.textContent = "Sign in again (opens a new tab)";
    box.appendChild(link);
    box.appendChild(document.createTextNode(", then come back: it will be saved."));
  }

  // After the session ended: read this page again for the new session's token. Resolves true
  // when signed in again.
  function renew() {
    return fetch(window.location.href, { credentials: "same-origin", redirect: "manual" })
      .then(function (response) {
        if (!response.ok) return false;
        return response.text().then(function (html) {
          var page = new DOMParser().parseFromString(html, "text/html");
          var headers = page.body && page.body.getAttribute("hx-headers");
          if (!headers || !page.querySelector("[data-intake-form]")) return false;
          document.body.setAttribute("hx-headers", headers);
          signedOut = false;
          return true;
        });
      })
      .catch(function () { return false; });
  }

  function waitingFor(field) {
    // A question shown for an earlier answer waits until that answer is saved, or the server
    // would say it does not apply.
    var q = questionOf(field);
    var controller = q && q.getAttribute("data-show-when");
    return controller && (inflight[controller] || dirty[controller]);
  }

  function save(field) {
    var id = field.getAttribute("data-question");
    var q = questionOf(field);
    if (q && q.hidden) {
      dirty[id] = false;
      pending[id] = false;
      keep(id);
      return;
    }
    var input = field.querySelector("input[type=date]");
    if (input && input.validity && input.validity.badInput) {
      showError(field, "Enter a real date, like 2026-03-31.");
      dirty[id] = false;
      status(field, "Not saved");
      return;
    }
    if (busy || inflight[id] || signedOut || waitingFor(field)) {
      pending[id] = true;
      return;
    }
    busy = true;
    inflight[id] = true;
    pending[id] = false;
    status(field, "Saving…");
    var value = valueOf(field);
    var sent = JSON.stringify({ value: value });
    fetch(base + id, {
      method: "PUT",
      credentials: "same-origin",
      redirect: "manual",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
      body: sent
    }).then(function (response) {
      inflight[id] = false;
      busy = false;
      if (response.ok) {
        showError(field, "");
        if (JSON.stringify({ value: valueOf(field) }) !== sent) { save(field); return; }
        dirty[id] = false;
        keep(id);
        status(field, "Saved");
        progress();
        retry();
        return;
      }
      if (response.status === 422) {
        return response.json().then(function (body) {
          var errors = (body && body.errors && body.errors.value) || [body.detail || "This answer cannot be saved."];
          showError(field, errors.join(" "));
          // Refused: sending it again would be refused again; the person corrects it first.
          dirty[id] = false;
          keep(id);
          status(field, "Not saved");
          retry();
        });
      }
      pending[id] = true;
      if (response.status === 401 || response.status === 403 || response.type === "opaqueredirect") {
        signedOut = true;
        signInAgain(field);
        return;
      }
      status(field, "Not saved yet. Trying again…");
      setTimeout(retry, 1000); // the server stumbled (busy, restarting): soon, not in seconds
    }).catch(function () {
      inflight[id] = false;
      busy = false;
      pending[id] = true;
      Object.keys(pending).forEach(function (other) {
        var waiting = pending[other] && fieldById(other);
        if (waiting) {
          status(waiting,
            "Not saved yet: no connection. It will be saved when you are back online.");
        }
      });
    });
  }

  function upload(field, file) {
    var input = field.querySelector("input[type=file]");
    var url = new URL(input.getAttribute("data-intake-file-url"), window.location.href);
    url.searchParams.set("name", file.name);
    status(field, "Uploading " + file.name + "…");
    fetch(url.toString(), {
      method: "POST",
      credentials: "same-origin",
      redirect: "manual",
      headers: { "Content-Type": file.type || "application/octet-stream", "X-CSRFToken": csrf() },
      body: file
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (response.status === 201) {
          showError(field, "");
          field.setAttribute("data-answered", "");
          var name = field.querySelector("[data-intake-file-name]");
          if (name) name.textContent = "Current file: " + body.document.name;
          input.value = "";
          status(field, "Saved");
          progress();
          return;
        }
        if (response.status === 401 || response.status === 403 || response.type === "opaqueredirect") {
          signedOut = true;
          signInAgain(field);
          return;
        }
        showError(field, (body && body.detail) || "The file could not be uploaded.");
        status(field, "Not saved");
      });
    }).catch(function () {
      status(field, "Not uploaded: no connection. Choose the file again when you are back online.");
    });
  }

  var renewing = null;
  function retry() {
    var waiting = Object.keys(pending).filter(function (id) { return pending[id]; });
    if (!waiting.length) return;
    if (signedOut) {
      if (!renewing) {
        renewing = renew().then(function (ok) {
          renewing = null;
          if (ok) retry();
        });
      }
      return;
    }
    waiting.forEach(function (id) {
      var field = fieldById(id);
      if (field) save(field);
    });
  }

  function later(field, ms) {
    var id = field.getAttribute("data-question");
    clearTimeout(timers[id]);
    dirty[id] = true;
    keep(id, valueOf(field));
    status(field, "Not saved yet…");
    timers[id] = setTimeout(function () { save(field); }, ms);
  }

  // Text is saved once typing pauses; a choice or a date as soon as it changes (once: a
  // choice fires both events, so "input" leaves those to "change"); an address when focus
  // leaves it (half an address would be refused).
  var AT_ONCE = { yes_no: 1, single_choice: 1, multiple_choice: 1, date: 1 };
  form.addEventListener("input", function (e) {
    var field = fieldOf(e.target);
    if (!field) return;
    var kind = field.getAttribute("data-kind");
    if (kind === "address") {
      var id = field.getAttribute("data-question");
      dirty[id] = true;
      keep(id, valueOf(field));
      status(field, "Not saved yet…");
    } else if (kind !== "file" && !AT_ONCE[kind]) {
      later(field, 700);
    }
  });
  form.addEventListener("change", function (e) {
    var field = fieldOf(e.target);
    if (!field) return;
    var kind = field.getAttribute("data-kind");
    if (kind === "file") {
      if (e.target.files && e.target.files.length) upload(field, e.target.files[0]);
      return;
    }
    if (AT_ONCE[kind]) {
      later(field, 0);
      applyConditions();
    } else if (kind !== "address" && dirty[field.getAttribute("data-question")]) {
      later(field, 0);
    }
  });
  form.addEventListener("focusout", function (e) {
    var field = fieldOf(e.target);
    if (!field || field.getAttribute("data-kind") !== "address") return;
    if (e.relatedTarget && field.contains(e.relatedTarget)) return;
    if (dirty[field.getAttribute("data-question")]) later(field, 0);
  });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  window.addEventListener("online", retry);
  window.addEventListener("focus", retry);
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) retry();
  });
  setInterval(retry, 3000);

  // Answers kept from an earlier visit that the server never got: put back, and sent.
  var earlier = kept();
  Object.keys(earlier).forEach(function (id) {
    var field = fieldById(id);
    if (!field) { keep(id); return; }
    if (JSON.stringify(valueOf(field)) === JSON.stringify(earlier[id])) { keep(id); return; }
    setValue(field, earlier[id]);
    later(field, 0);
  });
  applyConditions();

  // Leaving with an answer not sent yet: send it now (it is also kept in storage).
  window.addEventListener("pagehide", function () {
    Object.keys(timers).forEach(function (id) { clearTimeout(timers[id]); });
    Array.prototype.forEach.call(form.querySelectorAll("[data-intake-field]"), function (field) {
      var id = field.getAttribute("data-question");
      if (dirty[id] && !signedOut) {
        try {
          fetch(base + id, {
            method: "PUT", credentials: "same-origin", keepalive: true,
            headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
            body: JSON.stringify({ value: valueOf(field) })
          });
        } catch (e) { /* kept in storage: sent on the next visit */ }
      }
    });
  });
})();
