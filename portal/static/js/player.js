// The library video player (templates/videos/player.html). Enhances the <video> the page
// already has, which plays without this script (the original file, the browser's controls):
// HLS with a quality menu (hls.js, loaded only where the browser has no HLS of its own: Safari
// plays the playlist itself), captions from the WebVTT <track>s, keys, and resuming where the
// person left off (the position API: read on load, saved every few seconds, on pause and when
// the page goes away). The lesson's "video finished" is site.js's: it listens for "ended" on
// video[data-lesson-video], which this <video> stays.
(function () {
  "use strict";

  if (window.UstatPlayer) {
    window.UstatPlayer.start();
    return;
  }

  var SAVE_EVERY_S = 10;
  var SEEK_S = 5;
  var VOLUME_STEP = 0.1;
  var HLS_TYPE = "application/vnd.apple.mpegurl";
  var hlsLoading = null;

  function format(text, values) {
    // gettext's placeholders, as Django's catalogue writes them ("%%" is a percent sign).
    return String(text || "").replace(/%\((\w+)\)s|%%/g, function (match, name) {
      if (!name) return "%";
      return values[name] === undefined ? "" : values[name];
    });
  }

  function clock(seconds) {
    seconds = Math.max(0, Math.floor(seconds));
    var h = Math.floor(seconds / 3600);
    var m = Math.floor((seconds % 3600) / 60);
    var s = seconds % 60;
    var mm = h ? String(m).padStart(2, "0") : String(m);
    return (h ? h + ":" : "") + mm + ":" + String(s).padStart(2, "0");
  }

  // hls.js once per page, whatever the number of players.
  function loadHls(src) {
    if (window.Hls) return Promise.resolve(window.Hls);
    if (!hlsLoading) {
      hlsLoading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = src;
        script.onload = function () { resolve(window.Hls); };
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return hlsLoading;
  }

  function Player(root) {
    this.root = root;
    this.video = root.querySelector("video");
    this.texts = {};
    try {
      this.texts = JSON.parse(root.getAttribute("data-texts") || "{}");
    } catch (error) {
      this.texts = {};
    }
    this.status = root.querySelector("[data-status]");
    this.positionUrl = root.getAttribute("data-position-url") || "";
    this.csrf = root.getAttribute("data-csrf") || "";
    this.lastSaved = null;
    this.hls = null;
    this.quality = root.querySelector("[data-quality]");
    this.qualityButton = root.querySelector("[data-quality-button]");
    this.qualityMenu = root.querySelector("[data-quality-menu]");
    this.qualityCurrent = root.querySelector("[data-quality-current]");
    this.captionsButton = root.querySelector("[data-captions-button]");
    this.lastCaptions = null;
  }

  Player.prototype.say = function (text) {
    if (this.status) this.status.textContent = text || "";
  };

  // ---------------------------------------------------------------- sources
  Player.prototype.attach = function () {
    var self = this;
    var video = this.video;
    var hlsUrl = this.root.getAttribute("data-hls");
    if (!hlsUrl) return;
    var native = video.canPlayType(HLS_TYPE) !== "";
    var mse = window.MediaSource || window.ManagedMediaSource;
    // Safari (and every iOS browser, all WebKit) streams HLS itself, with AirPlay and less
    // battery: no menu to offer there. Chrome now also says it can, but only hls.js gives the
    // quality menu, so elsewhere hls.js plays whenever Media Source Extensions exist.
    if (native && (!mse || /^Apple/.test(navigator.vendor || ""))) {
      video.src = hlsUrl;
      return;
    }
    loadHls(this.root.getAttribute("data-hls-script")).then(function (Hls) {
      if (!Hls || !Hls.isSupported()) {
        if (native) video.src = hlsUrl;
        else self.say(self.texts.unavailable);
        return;
      }
      var hls = new Hls({
        // A worker from a file: the CSP refuses workers made from blob: URLs.
        workerPath: self.root.getAttribute("data-hls-worker"),
        capLevelToPlayerSize: true,
      });
      self.hls = hls;
      hls.on(Hls.Events.MANIFEST_PARSED, function () { self.buildQualityMenu(); });
      hls.on(Hls.Events.LEVEL_SWITCHED, function () { self.showQuality(); });
      hls.on(Hls.Events.ERROR, function (event, data) {
        if (!data.fatal) return;
        if (data.type === Hls.ErrorTypes.NETWORK_ERROR) hls.startLoad();
        else if (data.type === Hls.ErrorTypes.MEDIA_ERROR) hls.recoverMediaError();
        else self.say(self.texts.unavailable);
      });
      hls.loadSource(hlsUrl);
      hls.attachMedia(video);
    }, function () {
      self.say(self.texts.unavailable);
    });
  };

  // ---------------------------------------------------------------- quality
  Player.prototype.levelName = function (level) {
    if (level.height) return level.height + "p";
    return Math.round((level.bitrate || 0) / 1000) + " kbit/s";
  };

  Player.prototype.buildQualityMenu = function () {
    var self = this;
    var levels = this.hls.levels || [];
    if (!this.quality || levels.length < 2) return;
    var order = levels.map(function (level, index) { return index; });
    order.sort(function (a, b) { return (levels[b].height || levels[b].bitrate) - (levels[a].height || levels[a].bitrate); });
    order.forEach(function (index) {
      var item = document.createElement("li");
      item.setAttribute("role", "none");
      var button = document.createElement("button");
      button.type = "button";
      button.setAttribute("role", "menuitemradio");
      button.setAttribute("aria-checked", "false");
      button.setAttribute("data-level", String(index));
      button.textContent = self.levelName(levels[index]);
      item.appendChild(button);
      self.qualityMenu.appendChild(item);
    });
    this.quality.hidden = false;
    this.qualityButton.addEventListener("click", function () {
      self.openMenu(self.qualityMenu.hidden);
    });
    this.qualityMenu.addEventListener("click", function (event) {
      var button = event.target.closest("[data-level]");
      if (!button) return;
      self.chooseLevel(parseInt(button.getAttribute("data-level"), 10));
      self.openMenu(false);
      self.qualityButton.focus();
    });
    this.qualityMenu.addEventListener("keydown", function (event) { self.menuKeys(event); });
    document.addEventListener("click", function (event) {
      if (!self.quality.contains(event.target)) self.openMenu(false);
    });
    this.showQuality();
  };

  Player.prototype.menuItems = function () {
    return Array.prototype.slice.call(this.qualityMenu.querySelectorAll("[data-level]"));
  };

  Player.prototype.openMenu = function (open) {
    if (!this.qualityMenu) return;
    this.qualityMenu.hidden = !open;
    this.qualityButton.setAttribute("aria-expanded", open ? "true" : "false");
    if (open) {
      var checked = this.qualityMenu.querySelector('[aria-checked="true"]') || this.menuItems()[0];
      checked.focus();
    }
  };

  Player.prototype.menuKeys = function (event) {
    var items = this.menuItems();
    var at = items.indexOf(document.activeElement);
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      var step = event.key === "ArrowDown" ? 1 : -1;
      items[(at + step + items.length) % items.length].focus();
    } else if (event.key === "Home") {
      items[0].focus();
    } else if (event.key === "End") {
      items[items.length - 1].focus();
    } else if ((event.key === "Enter" || event.key === " ") && at >= 0) {
      // Chosen here rather than by the button's click: the click would come after focus has
      // gone back to the menu button, which the same key would then press again.
      this.chooseLevel(parseInt(items[at].getAttribute("data-level"), 10));
      this.openMenu(false);
      this.qualityButton.focus();
    } else if (event.key === "Escape" || event.key === "Tab") {
      this.openMenu(false);
      if (event.key === "Escape") this.qualityButton.focus();
      if (event.key === "Tab") return;
    } else {
      return;
    }
    event.preventDefault();
    event.stopPropagation();
  };

  Player.prototype.chooseLevel = function (index) {
    // -1 is Auto (hls.js picks by bandwidth); a level switches at once, flushing the buffer.
    this.hls.currentLevel = index;
    this.hls.loadLevel = index;
    this.menuItems().forEach(function (button) {
      button.setAttribute("aria-checked", button.getAttribute("data-level") === String(index) ? "true" : "false");
    });
    this.showQuality();
  };

  Player.prototype.showQuality = function () {
    if (!this.hls || !this.qualityCurrent) return;
    var playing = this.hls.levels[this.hls.currentLevel];
    var name = playing ? this.levelName(playing) : "";
    this.qualityCurrent.textContent = this.hls.autoLevelEnabled
      ? (name ? format(this.texts.autoLevel, { level: name }) : this.texts.auto)
      : name;
  };

  // ---------------------------------------------------------------- captions
  Player.prototype.tracks = function () {
    return Array.prototype.slice.call(this.video.textTracks || []).filter(function (track) {
      return track.kind === "captions" || track.kind === "subtitles";
    });
  };

  Player.prototype.showingTrack = function () {
    return this.tracks().filter(function (track) { return track.mode === "showing"; })[0] || null;
  };

  Player.prototype.toggleCaptions = function () {
    var tracks = this.tracks();
    if (!tracks.length) return;
    var showing = this.showingTrack();
    tracks.forEach(function (track) { track.mode = "disabled"; });
    if (showing) {
      this.lastCaptions = showing;
      this.say(this.texts.captionsOff);
    } else {
      var track = this.lastCaptions || tracks[0];
      track.mode = "showing";
      this.say(format(this.texts.captionsOn, { label: track.label }));
    }
    this.syncCaptions();
  };

  Player.prototype.syncCaptions = function () {
    if (this.captionsButton) {
      this.captionsButton.setAttribute("aria-pressed", this.showingTrack() ? "true" : "false");
    }
  };

  // ---------------------------------------------------------------- keys
  Player.prototype.togglePlay = function () {
    if (this.video.paused || this.video.ended) {
      var playing = this.video.play();
      if (playing && playing.catch) playing.catch(function () {});
    } else {
      this.video.pause();
    }
  };

  Player.prototype.toggleFullscreen = function () {
    if (document.fullscreenElement) {
      document.exitFullscreen();
    } else if (this.root.requestFullscreen) {
      this.root.requestFullscreen().catch(function () {});
    } else if (this.video.webkitEnterFullscreen) {
      this.video.webkitEnterFullscreen(); // iPhone: only the video itself goes full screen
    }
  };

  Player.prototype.keys = function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    // Buttons and the menu keep their own keys (space presses a button).
    if (target !== this.video && target !== this.root) return;
    var video = this.video;
    var key = event.key;
    if (key === " " || key === "k" || key === "K") {
      this.togglePlay();
    } else if (key === "ArrowLeft" || key === "ArrowRight") {
      var to = video.currentTime + (key === "ArrowLeft" ? -SEEK_S : SEEK_S);
      video.currentTime = Math.max(0, Math.min(video.duration || to, to));
    } else if (key === "ArrowUp" || key === "ArrowDown") {
      video.muted = false;
      var volume = video.volume + (key === "ArrowUp" ? VOLUME_STEP : -VOLUME_STEP);
      video.volume = Math.round(Math.max(0, Math.min(1, volume)) * 10) / 10;
      this.say(format(this.texts.volume, { percent: Math.round(video.volume * 100) }));
    } else if (key === "f" || key === "F") {
      this.toggleFullscreen();
    } else if (key === "c" || key === "C") {
      this.toggleCaptions();
    } else if (key === "m" || key === "M") {
      video.muted = !video.muted;
    } else {
      return;
    }
    event.preventDefault();
    event.stopPropagation();
  };

  // ---------------------------------------------------------------- position
  Player.prototype.request = function (method, body, keepalive) {
    var headers = { Accept: "application/json" };
    if (method !== "GET") {
      headers["Content-Type"] = "application/json";
      headers["X-CSRFToken"] = this.csrf;
    }
    return fetch(this.positionUrl, {
      method: method,
      headers: headers,
      credentials: "same-origin",
      body: body ? JSON.stringify(body) : undefined,
      keepalive: Boolean(keepalive),
    });
  };

  Player.prototype.save = function (keepalive) {
    var video = this.video;
    if (!this.positionUrl || !video.duration || !isFinite(video.duration)) return;
    var seconds = video.ended ? video.duration : video.currentTime;
    if (this.lastSaved !== null && Math.abs(seconds - this.lastSaved) < 0.25) return;
    this.lastSaved = seconds;
    // keepalive lets the request outlive the page (pagehide): sendBeacon cannot send the
    // CSRF header the API asks of a signed-in session.
    this.request("PUT", { seconds: seconds, duration: video.duration }, keepalive).catch(function () {});
  };

  Player.prototype.resume = function () {
    var self = this;
    var video = this.video;
    if (!this.positionUrl) return;
    this.request("GET").then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (data) {
      var at = data && data.resume_at;
      if (!at) return;
      var seek = function () {
        if (video.currentTime > 0.5) return; // the person already started elsewhere
        video.currentTime = at;
        self.lastSaved = at;
        self.say(format(self.texts.resumed, { time: clock(at) }));
      };
      if (video.readyState >= 1) seek();
      else video.addEventListener("loadedmetadata", seek, { once: true });
    }).catch(function () {});
  };

  // ---------------------------------------------------------------- wiring
  Player.prototype.start = function () {
    var self = this;
    var video = this.video;
    if (!video) return;
    this.attach();
    this.resume();
    video.addEventListener("keydown", function (event) { self.keys(event); });
    this.root.addEventListener("keydown", function (event) {
      if (event.target === self.root) self.keys(event);
    });
    video.addEventListener("timeupdate", function () {
      if (self.lastSaved === null || Math.abs(video.currentTime - self.lastSaved) >= SAVE_EVERY_S) {
        self.save(false);
      }
    });
    video.addEventListener("pause", function () { self.save(false); });
    video.addEventListener("ended", function () { self.save(false); });
    video.addEventListener("play", function () { self.say(self.texts.playing); });
    window.addEventListener("pagehide", function () { self.save(true); });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") self.save(true);
    });
    if (this.captionsButton) {
      this.captionsButton.addEventListener("click", function () { self.toggleCaptions(); });
      if (video.textTracks) {
        video.textTracks.addEventListener("change", function () { self.syncCaptions(); });
      }
      this.syncCaptions();
    }
  };

  window.UstatPlayer = {
    start: function () {
      document.querySelectorAll("[data-player]:not([data-player-ready])").forEach(function (root) {
        root.setAttribute("data-player-ready", "");
        var player = new Player(root);
        root.player = player;
        player.start();
      });
    },
  };
  window.UstatPlayer.start();
})();
