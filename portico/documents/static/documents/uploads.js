// Uploads from the workspace and the portal: drag files onto the zone or choose them, several
// at once; each is sent on its own (the body is the file, streamed by the server) with its own
// progress bar and a clear result read out by screen readers. No inline script: CSP-friendly.
(function () {
  "use strict";

  function csrfToken(form) {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function resultItem(list, file) {
    var item = document.createElement("li");
    var label = document.createElement("span");
    label.textContent = file.name + ": ";
    var status = document.createElement("span");
    status.textContent = "sending…";
    var bar = document.createElement("progress");
    bar.max = 100;
    bar.value = 0;
    bar.setAttribute("aria-label", "Upload of " + file.name);
    item.appendChild(label);
    item.appendChild(status);
    item.appendChild(document.createTextNode(" "));
    item.appendChild(bar);
    list.appendChild(item);
    return { item: item, status: status, bar: bar };
  }

  function send(form, file, row) {
    return new Promise(function (resolve) {
      var url = new URL(form.getAttribute("action"), window.location.href);
      url.searchParams.set("name", file.name);
      var shared = form.querySelector("[data-upload-shared]");
      if (shared && shared.checked) url.searchParams.set("shared", "1");
      var xhr = new XMLHttpRequest();
      xhr.open("POST", url.toString());
      xhr.setRequestHeader("X-CSRFToken", csrfToken(form));
      xhr.setRequestHeader("Content-Type", file.type || "application/octet-stream");
      xhr.upload.addEventListener("progress", function (event) {
        if (event.lengthComputable) row.bar.value = Math.round((100 * event.loaded) / event.total);
      });
      xhr.addEventListener("load", function () {
        var detail = "";
        try { detail = JSON.parse(xhr.responseText).detail || ""; } catch (e) { detail = ""; }
        if (xhr.status === 201) {
          row.bar.value = 100;
          row.status.textContent = "uploaded.";
          row.item.className = "is-done";
          resolve(true);
        } else {
          row.status.textContent = "not uploaded. " + (detail || "The server refused it (" + xhr.status + ").");
          row.item.className = "field__error";
          resolve(false);
        }
      });
      xhr.addEventListener("error", function () {
        row.status.textContent = "not uploaded: the connection failed. Try again.";
        row.item.className = "field__error";
        resolve(false);
      });
      xhr.send(file);
    });
  }

  function refresh(form) {
    var selector = form.getAttribute("data-refresh") || "[data-documents-list]";
    return fetch(window.location.href, { credentials: "same-origin" })
      .then(function (r) { return r.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelector(selector);
        var current = document.querySelector(selector);
        if (fresh && current) {
          current.replaceWith(fresh);
          wire(fresh);
        }
      });
  }

  function upload(form, files) {
    var list = form.querySelector("[data-upload-results]");
    var jobs = Array.prototype.map.call(files, function (file) {
      return send(form, file, resultItem(list, file));
    });
    return Promise.all(jobs).then(function (results) {
      if (results.some(Boolean)) return refresh(form);
    });
  }

  function wireForm(form) {
    if (form.dataset.wired) return;
    form.dataset.wired = "1";
    var input = form.querySelector("[data-upload-input]");
    var zone = form.querySelector("[data-drop-zone]");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (input && input.files.length) upload(form, input.files).then(function () { input.value = ""; });
    });
    if (input && !form.querySelector("button[type=submit]")) {
      // A single-file form (a new version) sends as soon as a file is chosen.
      input.addEventListener("change", function () {
        if (input.files.length) upload(form, input.files);
      });
    }
    if (zone) {
      ["dragenter", "dragover"].forEach(function (name) {
        zone.addEventListener(name, function (event) {
          event.preventDefault();
          zone.classList.add("is-dragging");
        });
      });
      zone.addEventListener("dragleave", function () { zone.classList.remove("is-dragging"); });
      zone.addEventListener("drop", function (event) {
        event.preventDefault();
        zone.classList.remove("is-dragging");
        if (event.dataTransfer && event.dataTransfer.files.length) upload(form, event.dataTransfer.files);
      });
    }
  }

  function wire(root) {
    Array.prototype.forEach.call(root.querySelectorAll("[data-upload-form]"), wireForm);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { wire(document); });
  } else {
    wire(document);
  }
})();
