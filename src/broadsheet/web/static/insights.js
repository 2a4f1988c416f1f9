// Two small behaviours, and the pages work without them:
// - a block with data-poll="URL" is replaced by the fragment at URL every 2 s until the
//   fragment comes back without data-poll (the worker has made what was pending);
// - an Ask form fills its answer box from the fragment instead of loading a new page.
(function () {
  "use strict";
  var FRAGMENT = { headers: { "X-Fragment": "1" } };

  function poll(el) {
    var url = el.getAttribute("data-poll");
    setTimeout(function () {
      fetch(url, FRAGMENT).then(function (r) { return r.ok ? r.text() : null; }).then(function (html) {
        if (html === null) return;
        var holder = document.createElement("div");
        holder.innerHTML = html;
        var fresh = holder.firstElementChild;
        if (!fresh) return;
        el.replaceWith(fresh);
        bind(fresh);
      }).catch(function () { /* the page keeps saying "pending" */ });
    }, 2000);
  }

  function ask(form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var box = document.getElementById(form.getAttribute("data-target"));
      var query = new URLSearchParams(new FormData(form)).toString();
      box.textContent = "Looking through the reports…";
      fetch(form.action + "?" + query, FRAGMENT).then(function (r) { return r.text(); }).then(function (html) {
        box.innerHTML = html;
      }).catch(function () { box.textContent = "The answer could not be fetched."; });
    });
  }

  function bind(root) {
    root.querySelectorAll("[data-poll]").forEach(poll);
    if (root.matches && root.matches("[data-poll]")) poll(root);
    root.querySelectorAll("form.ask-form").forEach(ask);
  }

  document.addEventListener("DOMContentLoaded", function () { bind(document); });
})();
