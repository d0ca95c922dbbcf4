// Seek previews for the library video player (templates/videos/player.html): a seek bar under
// the video (an <input type="range">, kept in step with the video) that, hovered or focused,
// shows the frame at that moment. The frames come from the transcode's strip: one sprite image
// and a WebVTT file whose cues name each frame's region ("thumbnails.jpg#xywh=x,y,w,h",
// videos/transcode/stills.py). Without this script the browser's own controls seek as before.
(function () {
  "use strict";

  if (window.UstatPlayerPreview) {
    window.UstatPlayerPreview.start();
    return;
  }

  function seconds(stamp) {
    // "hh:mm:ss.mmm" or "mm:ss.mmm"
    return stamp.split(":").reduce(function (total, part) { return total * 60 + parseFloat(part); }, 0);
  }

  function clock(value) {
    value = Math.max(0, Math.floor(value));
    var h = Math.floor(value / 3600);
    var m = Math.floor((value % 3600) / 60);
    var s = String(value % 60).padStart(2, "0");
    return h ? h + ":" + String(m).padStart(2, "0") + ":" + s : m + ":" + s;
  }

  // The cues of a thumbnails WebVTT: [{start, end, image (absolute), x, y, w, h}].
  function parseCues(text, base) {
    var cues = [];
    text.replace(/\r/g, "").split(/\n\n+/).forEach(function (block) {
      var lines = block.split("\n");
      for (var i = 0; i < lines.length - 1; i += 1) {
        var times = lines[i].match(/^([\d:.]+)\s+-->\s+([\d:.]+)/);
        if (!times) continue;
        var target = lines[i + 1].trim().match(/^(.*)#xywh=(\d+),(\d+),(\d+),(\d+)$/);
        if (!target) return;
        cues.push({
          start: seconds(times[1]),
          end: seconds(times[2]),
          image: new URL(target[1], base).href,
          x: +target[2], y: +target[3], w: +target[4], h: +target[5],
        });
        return;
      }
    });
    return cues;
  }

  function Preview(root) {
    this.root = root;
    this.video = root.querySelector("video");
    this.seek = root.querySelector("[data-seek]");
    this.input = this.seek.querySelector("[data-seek-input]");
    this.box = this.seek.querySelector("[data-preview]");
    this.time = this.seek.querySelector("[data-preview-time]");
    this.cues = [];
    this.hovering = false;
    this.dragging = false;
  }

  Preview.prototype.cueAt = function (at) {
    var cues = this.cues;
    for (var i = 0; i < cues.length; i += 1) {
      if (at < cues[i].end) return cues[i];
    }
    return cues[cues.length - 1] || null;
  };

  Preview.prototype.max = function () {
    var duration = this.video.duration;
    return isFinite(duration) && duration > 0 ? duration : parseFloat(this.input.max) || 0;
  };

  // The frame of `at` seconds above the bar, `left` pixels from its start.
  Preview.prototype.show = function (at, left) {
    var cue = this.cueAt(at);
    if (!cue) return;
    var box = this.box;
    box.style.width = cue.w + "px";
    box.style.height = cue.h + "px";
    box.style.backgroundImage = 'url("' + cue.image + '")';
    box.style.backgroundPosition = -cue.x + "px " + -cue.y + "px";
    var width = this.input.getBoundingClientRect().width;
    box.style.left = Math.max(0, Math.min(width - cue.w, left - cue.w / 2)) + "px";
    box.setAttribute("data-at", at.toFixed(2));
    this.time.textContent = clock(at);
    box.hidden = false;
  };

  Preview.prototype.hide = function () {
    if (!this.hovering && document.activeElement !== this.input) this.box.hidden = true;
  };

  // Where the input's thumb is (keyboard), in pixels from the bar's start.
  Preview.prototype.thumbLeft = function () {
    var max = this.max();
    var width = this.input.getBoundingClientRect().width;
    return max ? (parseFloat(this.input.value) / max) * width : 0;
  };

  Preview.prototype.sync = function () {
    if (this.dragging) return;
    this.input.max = String(this.max());
    this.input.value = String(this.video.currentTime || 0);
    this.input.setAttribute("aria-valuetext", clock(this.video.currentTime || 0) + " / " + clock(this.max()));
  };

  Preview.prototype.start = function () {
    var self = this;
    var input = this.input;
    fetch(this.seek.getAttribute("data-thumbnails"), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (text) {
        self.cues = parseCues(text, new URL(self.seek.getAttribute("data-thumbnails"), window.location.href));
        if (!self.cues.length) return;
        self.seek.hidden = false;
        self.sync();
      })
      .catch(function () {});

    input.addEventListener("pointermove", function (event) {
      var rect = input.getBoundingClientRect();
      var left = Math.max(0, Math.min(rect.width, event.clientX - rect.left));
      self.hovering = true;
      self.show((left / rect.width) * self.max(), left);
    });
    input.addEventListener("pointerleave", function () {
      self.hovering = false;
      self.hide();
      if (document.activeElement === input) self.show(parseFloat(input.value), self.thumbLeft());
    });
    input.addEventListener("pointerdown", function () { self.dragging = true; });
    input.addEventListener("pointerup", function () { self.dragging = false; });
    input.addEventListener("focus", function () {
      if (!self.hovering) self.show(parseFloat(input.value), self.thumbLeft());
    });
    input.addEventListener("blur", function () { self.hide(); });
    input.addEventListener("input", function () {
      var at = parseFloat(input.value);
      self.video.currentTime = at;
      input.setAttribute("aria-valuetext", clock(at) + " / " + clock(self.max()));
      if (!self.hovering) self.show(at, self.thumbLeft());
    });
    ["timeupdate", "loadedmetadata", "durationchange", "seeked"].forEach(function (name) {
      self.video.addEventListener(name, function () { self.sync(); });
    });
  };

  window.UstatPlayerPreview = {
    start: function () {
      document.querySelectorAll("[data-player]").forEach(function (root) {
        if (!root.querySelector("[data-seek]") || root.hasAttribute("data-preview-ready")) return;
        root.setAttribute("data-preview-ready", "");
        new Preview(root).start();
      });
    },
  };
  window.UstatPlayerPreview.start();
})();
