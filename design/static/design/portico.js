// Portico's few behaviours, for the workspace, the portal and the identity service. Every page
// works without them; they move focus where a person needs it and say what happened. Loaded
// as a file (never inline) so a strict Content-Security-Policy allows it.
(function () {
  "use strict";

  // After a refused submit: focus the error summary so it is read out and seen first
  // (GOV.UK's pattern). Its links focus the field and scroll its label into view.
  function focusErrorSummary(root) {
    var summary = root.querySelector("[data-error-summary]");
    if (!summary) return;
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) return;
      var target = document.getElementById(link.getAttribute("href").slice(1));
      if (!target) return;
      event.preventDefault();
      var field = target.closest(".field, fieldset") || target;
      field.scrollIntoView({ block: "start" });
      var control = target.matches("input, select, textarea, button")
        ? target
        : target.querySelector("input:not([type=hidden]), select, textarea");
      (control || target).focus({ preventScroll: true });
    });
  }

  // Messages rendered with the page sit in a live region (role=status); some screen readers
  // only announce text that arrives after load, so it is put back in a moment later.
  function announceFlash(root) {
    var region = root.querySelector("[data-flash]");
    if (!region || !region.children.length) return;
    var messages = Array.prototype.slice.call(region.children);
    messages.forEach(function (m) { region.removeChild(m); });
    window.setTimeout(function () {
      messages.forEach(function (m) { region.appendChild(m); });
    }, 150);
  }

  // The new item a success message talks about (the URL's #fragment) is brought into view.
  function showNewItem() {
    if (!window.location.hash) return;
    var item = document.getElementById(window.location.hash.slice(1));
    if (item && item.hasAttribute("data-new-item")) {
      item.classList.add("is-new");
      item.scrollIntoView({ block: "center" });
    }
  }

  // A native date input holding an impossible date ("02/31/1984") submits nothing at all,
  // which the server would take for a cleared date. Say so instead, with a companion field
  // the server reads as "a date was typed but it is not a real one".
  function flagImpossibleDates(form) {
    form.querySelectorAll("input[type=date]").forEach(function (input) {
      var flag = form.querySelector("input[type=hidden][name='" + input.name + "-invalid']");
      if (input.validity.badInput) {
        if (!flag) {
          flag = document.createElement("input");
          flag.type = "hidden";
          flag.name = input.name + "-invalid";
          flag.value = "1";
          form.appendChild(flag);
        }
      } else if (flag) {
        flag.remove();
      }
    });
  }

  // "Remove this email": the row stays until saving, dimmed, so a slip is undone by unticking.
  function markRemovedRows(root) {
    root.querySelectorAll("input[data-remove-row]").forEach(function (box) {
      var row = box.closest(".group");
      var update = function () { row.classList.toggle("is-removed", box.checked); };
      box.addEventListener("change", update);
      update();
    });
  }

  // A list with a search box: hide the entries that do not match, say how many do.
  function filterLists(root) {
    root.querySelectorAll("input[data-filter-list]").forEach(function (search) {
      var list = document.getElementById(search.getAttribute("data-filter-list"));
      var status = document.getElementById(search.getAttribute("data-filter-status"));
      if (!list) return;
      var items = Array.prototype.slice.call(list.querySelectorAll("li"));
      var update = function () {
        var words = search.value.toLowerCase().trim().split(/\s+/).filter(Boolean);
        var shown = 0;
        items.forEach(function (li) {
          var text = li.textContent.toLowerCase();
          var checked = li.querySelector("input:checked");
          var match = checked || words.every(function (w) { return text.indexOf(w) !== -1; });
          li.hidden = !match;
          if (match) shown += 1;
        });
        if (status) {
          status.textContent = words.length ? shown + " of " + items.length + " shown" : "";
        }
      };
      search.addEventListener("input", update);
      search.addEventListener("keydown", function (event) {
        if (event.key === "Enter") event.preventDefault();
      });
      update();
    });
  }

  function enhance(root) {
    markRemovedRows(root);
    filterLists(root);
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusErrorSummary(document);
    announceFlash(document);
    showNewItem();
    enhance(document);
    document.addEventListener("submit", function (event) {
      flagImpossibleDates(event.target);
    }, true);
  });

  // A row added by htmx: enhance it and put the cursor in its first field.
  document.addEventListener("htmx:afterSwap", function (event) {
    enhance(event.detail.target);
  });
  document.addEventListener("htmx:load", function (event) {
    var row = event.detail.elt;
    if (row && row.matches && row.matches(".group--row")) {
      var first = row.querySelector("input:not([type=hidden]), select, textarea");
      if (first) first.focus();
    }
  });
})();
