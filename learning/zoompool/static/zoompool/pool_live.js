// The Zoom pool's live view: fetch the account listing again every few seconds and put it in
// place of the current one (the same fragment Wagtail uses for its filters and search).
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) {
    return;
  }
  var url = script.getAttribute("data-results-url");
  var seconds = parseInt(script.getAttribute("data-seconds"), 10) || 15;
  if (!url) {
    return;
  }

  function refresh() {
    var target = document.getElementById("listing-results");
    if (!target || document.hidden) {
      return;
    }
    fetch(url + window.location.search, {
      credentials: "same-origin",
      headers: { "X-Requested-With": "XMLHttpRequest" },
    })
      .then(function (response) {
        return response.ok ? response.text() : null;
      })
      .then(function (html) {
        if (html !== null) {
          target.innerHTML = html;
        }
      })
      .catch(function () {
        // Offline for a moment: the next tick tries again.
      });
  }

  window.setInterval(refresh, seconds * 1000);
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) {
      refresh();
    }
  });
})();
