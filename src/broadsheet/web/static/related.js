// An element with data-load="URL" is replaced, once the page has loaded, by the fragment the
// server answers at URL to `X-Fragment: 1` (an article's related articles when no list was
// stored yet). Without scripts, or if the request fails, the element's own link stays.
(function () {
  "use strict";

  function load(el) {
    fetch(el.getAttribute("data-load"), { headers: { "X-Fragment": "1" } })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (html === null) return;
        var holder = document.createElement("template");
        holder.innerHTML = html.trim();
        el.replaceWith(holder.content);
      })
      .catch(function () { /* the link stays */ });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-load]").forEach(load);
  });
})();
