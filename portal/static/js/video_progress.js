// A video's transcoding progress, live. The page already shows the figure it had when drawn
// (templates/videos/player.html, "Processing video… 40 %"); this polls the status API
// (GET /api/videos/media/{id}/) every few seconds, moves the <progress> and the text (a
// polite live region), and when the transcode ends fetches the player as a fragment
// (/videos/player/media/{id}/: HLS once ready, the reason once failed) in place of the old one,
// keeping where the original was playing; a list's row (the cabinet's "New video") says the
// outcome instead. The admin's "Video processing" list (table[data-transcode-list]) is
// refreshed from its own page while a row is under way.
(function () {
  "use strict";

  if (window.UstatTranscodeProgress) {
    window.UstatTranscodeProgress.start();
    return;
  }

  var EVERY_MS = 4000;
  var WORKING = { pending: true, probing: true, transcoding: true };

  function every(root) {
    var ms = parseInt(root.getAttribute("data-poll-ms") || "", 10);
    return ms > 0 ? ms : EVERY_MS;
  }

  // Polls while the tab is visible; a hidden tab asks again when it shows.
  function poll(root, step) {
    var wait = every(root);
    function tick() {
      if (!root.isConnected) return;
      if (document.hidden) {
        document.addEventListener("visibilitychange", tick, { once: true });
        return;
      }
      step().then(function (again) {
        if (again) window.setTimeout(tick, wait);
      }, function () {
        window.setTimeout(tick, wait * 2); // the network dropped: try again, less often
      });
    }
    window.setTimeout(tick, wait);
  }

  function getJson(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (response.status >= 400 && response.status < 500) return null; // gone or refused
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      });
  }

  function getHtml(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.text();
      })
      .then(function (html) { return new DOMParser().parseFromString(html, "text/html"); });
  }

  // ------------------------------------------------------------------ one player
  function Watch(box) {
    this.box = box;
    this.player = box.closest("[data-player]");
    this.bar = box.querySelector("[data-progress-bar]");
    this.text = box.querySelector("[data-progress-text]");
    this.template = box.getAttribute("data-text-progress") || "{progress} %";
    this.shown = this.bar ? parseInt(this.bar.getAttribute("value"), 10) : null;
  }

  Watch.prototype.show = function (percent) {
    if (percent === this.shown) return;
    this.shown = percent;
    if (this.bar) {
      this.bar.value = percent;
      this.bar.textContent = percent + " %";
    }
    if (this.text) this.text.textContent = this.template.replace("{progress}", percent);
  };

  Watch.prototype.step = function () {
    var self = this;
    return getJson(this.box.getAttribute("data-status-url")).then(function (data) {
      if (!data) return false;
      if (WORKING[data.status]) {
        self.show(data.progress || 0);
        return true;
      }
      if (!self.box.hasAttribute("data-fragment-url")) {
        self.finish(data);
        return false;
      }
      return self.swap().then(function () { return false; });
    });
  };

  // A list's row (no player to swap in): the outcome in words, the reason of a failure.
  Watch.prototype.finish = function (data) {
    var failed = data.status === "failed";
    var text = this.box.getAttribute(failed ? "data-text-failed" : "data-text-ready") || "";
    if (failed && data.error) text += " " + data.error;
    if (this.bar) this.bar.hidden = true;
    if (this.text) this.text.textContent = text;
    this.box.setAttribute("data-outcome", data.status);
  };

  // The finished player in place of this one; the original's place and play state carry on.
  Watch.prototype.swap = function () {
    var self = this;
    return getHtml(this.box.getAttribute("data-fragment-url")).then(function (doc) {
      var fresh = doc.querySelector("[data-player]");
      var old = self.player;
      if (!fresh || !old) return;
      var video = old.querySelector("video");
      var at = video && !video.ended ? video.currentTime : 0;
      var playing = Boolean(video && !video.paused && !video.ended);
      if (video) video.pause();
      var scripts = Array.prototype.map.call(fresh.querySelectorAll("script[src]"), function (script) {
        script.remove();
        return script.getAttribute("src");
      });
      fresh = document.importNode(fresh, true);
      old.replaceWith(fresh);
      var next = fresh.querySelector("video");
      if (next && at > 0) {
        next.addEventListener("loadedmetadata", function () {
          next.currentTime = at;
          if (playing) {
            var started = next.play();
            if (started && started.catch) started.catch(function () {});
          }
        }, { once: true });
      }
      // Scripts parsed from a string do not run: load them (each guards against twice).
      scripts.forEach(function (src) {
        var script = document.createElement("script");
        script.src = src;
        document.body.appendChild(script);
      });
    });
  };

  // ------------------------------------------------------------------ the admin's list
  function refreshList(table) {
    var running = table.querySelector(
      'tr[data-status="pending"], tr[data-status="probing"], tr[data-status="transcoding"]'
    );
    if (!running) return Promise.resolve(false);
    return getHtml(window.location.href).then(function (doc) {
      var fresh = doc.querySelector("table[data-transcode-list] tbody");
      var body = table.querySelector("tbody");
      if (fresh && body) body.replaceWith(document.importNode(fresh, true));
      return true;
    });
  }

  window.UstatTranscodeProgress = {
    start: function () {
      document.querySelectorAll("[data-transcode-progress]:not([data-progress-live])").forEach(function (box) {
        box.setAttribute("data-progress-live", "");
        var watch = new Watch(box);
        poll(box, function () { return watch.step(); });
      });
      document.querySelectorAll("table[data-transcode-list]:not([data-progress-live])").forEach(function (table) {
        table.setAttribute("data-progress-live", "");
        poll(table, function () { return refreshList(table); });
      });
    },
  };
  window.UstatTranscodeProgress.start();
})();
