// Resumable video uploads (templates/videos/includes/uploader.html; the API is
// videos/api/uploads.py). The file goes in parts, one after another, each retried with a
// growing pause; a reload or a dropped connection continues from the parts the server holds
// (the session id is kept in localStorage under the file's name, size and date). The same
// code serves both backends: each part's address comes from the server (our own endpoint, or a
// presigned S3 address the browser PUTs to directly).
(function () {
  "use strict";

  var RETRIES = 5;
  var STORE = "ustat.videoUpload:";

  function csrfToken(root) {
    var form = root.closest("form");
    var input = (form || document).querySelector("[name=csrfmiddlewaretoken]");
    if (input) return input.value;
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function sameOrigin(url) {
    return new URL(url, window.location.href).origin === window.location.origin;
  }

  function wait(ms) {
    return new Promise(function (resolve) {
      window.setTimeout(resolve, ms);
    });
  }

  function fileKey(file) {
    return STORE + file.name + ":" + file.size + ":" + file.lastModified;
  }

  function VideoUploader(root) {
    this.root = root;
    this.input = root.querySelector("[data-video-file]");
    this.box = root.querySelector("[data-progress-box]");
    this.bar = root.querySelector("[data-progress]");
    this.percent = root.querySelector("[data-percent]");
    this.status = root.querySelector("[data-status]");
    this.error = root.querySelector("[data-error]");
    this.cancelButton = root.querySelector("[data-cancel]");
    this.target = document.getElementById(root.getAttribute("data-target"));
    this.startUrl = root.getAttribute("data-start-url");
    this.maxBytes = parseInt(root.getAttribute("data-max-bytes"), 10) || 0;
    this.xhr = null;
    this.cancelled = false;
    this.lastAnnounced = -1;
    var self = this;
    this.input.addEventListener("change", function () {
      if (self.input.files.length) self.upload(self.input.files[0]);
    });
    this.cancelButton.addEventListener("click", function () {
      self.cancel();
    });
  }

  VideoUploader.prototype.text = function (name, values) {
    var text = this.root.getAttribute("data-text-" + name) || name;
    Object.keys(values || {}).forEach(function (key) {
      text = text.replace("{" + key + "}", values[key]);
    });
    return text;
  };

  VideoUploader.prototype.say = function (message) {
    this.status.textContent = message;
  };

  VideoUploader.prototype.fail = function (message) {
    this.error.textContent = message;
    this.error.hidden = false;
    this.say("");
    this.busy(false);
  };

  VideoUploader.prototype.busy = function (on) {
    this.box.hidden = !on && this.bar.value === 0;
    this.cancelButton.hidden = !on;
    this.cancelButton.style.display = on ? "" : "none"; // .button's display outranks [hidden]
    this.input.disabled = on;
    this.root.setAttribute("aria-busy", on ? "true" : "false");
    var form = this.root.closest("form");
    var submit = form && form.querySelector("[type=submit]");
    if (submit) submit.disabled = on || !(this.target && this.target.value);
  };

  VideoUploader.prototype.progress = function (done, total) {
    var value = total ? Math.floor((done / total) * 100) : 0;
    this.bar.value = value;
    this.percent.textContent = value + " %";
    // The live region speaks every tenth, not every percent.
    var tenth = Math.floor(value / 10);
    if (tenth !== this.lastAnnounced) {
      this.lastAnnounced = tenth;
      this.say(this.text("uploading", { percent: value }));
    }
  };

  VideoUploader.prototype.api = function (method, url, body) {
    var options = {
      method: method,
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": csrfToken(this.root) },
    };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    return fetch(url, options).then(function (response) {
      if (response.status === 204) return { ok: true, status: 204, data: null };
      return response
        .json()
        .catch(function () {
          return {};
        })
        .then(function (data) {
          return { ok: response.ok, status: response.status, data: data };
        });
    });
  };

  VideoUploader.prototype.errorText = function (answer) {
    var data = (answer && answer.data) || {};
    if (data.detail) return data.detail;
    var first = Object.keys(data)[0];
    if (first && Array.isArray(data[first])) return data[first][0];
    return this.text("failed");
  };

  // Send one part's bytes with progress events (fetch has none for uploads).
  VideoUploader.prototype.put = function (target, blob, onProgress) {
    var self = this;
    return new Promise(function (resolve, reject) {
      var xhr = new XMLHttpRequest();
      self.xhr = xhr;
      xhr.open(target.method || "PUT", target.url);
      Object.keys(target.headers || {}).forEach(function (name) {
        xhr.setRequestHeader(name, target.headers[name]);
      });
      if (sameOrigin(target.url)) {
        xhr.withCredentials = true;
        xhr.setRequestHeader("X-CSRFToken", csrfToken(self.root));
      }
      xhr.upload.addEventListener("progress", function (event) {
        onProgress(event.loaded);
      });
      xhr.onload = function () {
        self.xhr = null;
        resolve({ status: xhr.status, etag: xhr.getResponseHeader("ETag") });
      };
      xhr.onerror = xhr.ontimeout = function () {
        self.xhr = null;
        resolve({ status: 0, etag: null });
      };
      xhr.onabort = function () {
        self.xhr = null;
        reject(new Error("cancelled"));
      };
      xhr.send(blob);
    });
  };

  VideoUploader.prototype.sendPart = function (session, file, number, doneBefore) {
    var self = this;
    var start = (number - 1) * session.part_size;
    var blob = file.slice(start, Math.min(start + session.part_size, file.size));
    var partUrl = this.startUrl + session.id + "/parts/" + number + "/url/";
    var attempt = 0;

    function tryOnce() {
      if (self.cancelled) return Promise.reject(new Error("cancelled"));
      // A fresh address each time: presigned ones expire.
      return self.api("GET", partUrl).then(function (answer) {
        if (!answer.ok) throw answer;
        return self
          .put(answer.data, blob, function (loaded) {
            self.progress(doneBefore + loaded, file.size);
          })
          .then(function (sent) {
            if (sent.status >= 200 && sent.status < 300) return blob.size;
            // A refusal of the bytes themselves (400) will not change on retry.
            if (sent.status === 400) throw { data: {}, status: 400 };
            attempt += 1;
            if (attempt > RETRIES) throw { data: { detail: self.text("failed") } };
            var pause = Math.min(30000, 1000 * Math.pow(2, attempt - 1));
            self.say(self.text("retrying", { seconds: Math.round(pause / 1000) }));
            return wait(pause + Math.random() * 500).then(tryOnce);
          });
      });
    }
    return tryOnce();
  };

  VideoUploader.prototype.session = function (file) {
    var self = this;
    var stored = window.localStorage.getItem(fileKey(file));
    var resumed = stored
      ? this.api("GET", this.startUrl + stored + "/").then(function (answer) {
          if (answer.ok && answer.data.status === "open") {
            self.say(self.text("resuming"));
            return answer.data;
          }
          window.localStorage.removeItem(fileKey(file));
          return null;
        })
      : Promise.resolve(null);
    return resumed.then(function (session) {
      if (session) return session;
      var title = self.root.getAttribute("data-title-field");
      var titleInput = title && document.getElementById(title);
      return self
        .api("POST", self.startUrl, {
          filename: file.name,
          size: file.size,
          content_type: file.type || "",
          title: (titleInput && titleInput.value) || "",
        })
        .then(function (answer) {
          if (!answer.ok) throw answer;
          window.localStorage.setItem(fileKey(file), answer.data.id);
          return answer.data;
        });
    });
  };

  VideoUploader.prototype.upload = function (file) {
    var self = this;
    this.error.hidden = true;
    this.cancelled = false;
    this.polling = null;
    var processing = this.root.querySelector("[data-processing-box]");
    if (processing) processing.hidden = true;
    this.file = file;
    this.sessionId = null;
    if (this.target) this.target.value = "";
    if (this.maxBytes && file.size > this.maxBytes) {
      this.fail(this.text("too-large"));
      return Promise.resolve();
    }
    this.bar.value = 0;
    this.lastAnnounced = -1;
    this.box.hidden = false;
    this.busy(true);
    this.say(this.text("starting"));
    return this.session(file)
      .then(function (session) {
        self.sessionId = session.id;
        return self.api("GET", self.startUrl + session.id + "/parts/").then(function (answer) {
          if (!answer.ok) throw answer;
          var held = {};
          var done = 0;
          answer.data.forEach(function (part) {
            var expected =
              part.number < session.part_count
                ? session.part_size
                : session.size - session.part_size * (session.part_count - 1);
            if (part.size === expected) {
              held[part.number] = true;
              done += part.size;
            }
          });
          self.progress(done, file.size);
          var chain = Promise.resolve(done);
          for (var number = 1; number <= session.part_count; number += 1) {
            (function (n) {
              if (held[n]) return;
              chain = chain.then(function (before) {
                return self.sendPart(session, file, n, before).then(function (size) {
                  return before + size;
                });
              });
            })(number);
          }
          return chain.then(function () {
            return session;
          });
        });
      })
      .then(function (session) {
        self.say(self.text("checking"));
        return self.api("POST", self.startUrl + session.id + "/complete/");
      })
      .then(function (answer) {
        window.localStorage.removeItem(fileKey(file));
        if (!answer.ok) throw answer;
        self.progress(file.size, file.size);
        if (self.target) self.target.value = answer.data.media.id;
        self.busy(false);
        self.say(self.text("done"));
        self.root.dispatchEvent(
          new CustomEvent("video-uploaded", { bubbles: true, detail: answer.data.media })
        );
        // The admin's "Add video" goes on to the new video's edit page ("…/0/" names it).
        var next = self.root.getAttribute("data-done-url");
        if (next) window.location.assign(next.replace("/0/", "/" + answer.data.media.id + "/"));
        else self.followProcessing(answer.data.media.id);
      })
      .catch(function (problem) {
        if (self.cancelled || (problem && problem.message === "cancelled")) return;
        if (problem && problem.status >= 400 && problem.status !== 409) {
          // Refused for good (not a video, too large): the next try starts afresh.
          window.localStorage.removeItem(fileKey(file));
        }
        self.fail(problem && problem.data ? self.errorText(problem) : self.text("failed"));
      });
  };

  // After the upload, the transcoding's progress (the status API, polled) where the page asks
  // for it (data-status-url, its "/0/" replaced by the video's id): the tutor sees the video
  // processed, or why it failed, before sending it.
  VideoUploader.prototype.followProcessing = function (mediaId) {
    var template = this.root.getAttribute("data-status-url");
    var box = this.root.querySelector("[data-processing-box]");
    if (!template || !box) return;
    var self = this;
    var url = template.replace("/0/", "/" + mediaId + "/");
    var bar = box.querySelector("[data-processing-progress]");
    var line = box.querySelector("[data-processing]");
    var polled = mediaId;
    this.polling = mediaId;
    bar.value = 0;
    bar.hidden = false;
    box.hidden = false;
    var later = function (delay) {
      return wait(delay).then(function () {
        return check(Math.min(delay * 2, 15000));
      });
    };
    var check = function (delay) {
      return self.api("GET", url).then(function (answer) {
        if (self.polling !== polled) return; // another file was chosen meanwhile
        var data = answer.data || {};
        if (!answer.ok && answer.status >= 400 && answer.status < 500) {
          box.hidden = true; // not ours to follow (signed out meanwhile): nothing to show
        } else if (answer.ok && data.status === "ready") {
          bar.value = 100;
          line.textContent = self.text("processed");
        } else if (answer.ok && data.status === "failed") {
          bar.hidden = true;
          line.textContent = self.text("processing-failed") + (data.error ? " " + data.error : "");
        } else {
          if (answer.ok) bar.value = data.progress || 0;
          line.textContent = self.text("processing", { percent: bar.value });
          return later(delay);
        }
      }, function () {
        return later(delay); // the network dropped: ask again
      });
    };
    return check(2000);
  };

  VideoUploader.prototype.cancel = function () {
    this.cancelled = true;
    if (this.xhr) this.xhr.abort();
    if (this.file) window.localStorage.removeItem(fileKey(this.file));
    if (this.sessionId) this.api("DELETE", this.startUrl + this.sessionId + "/");
    this.bar.value = 0;
    this.percent.textContent = "";
    this.input.value = "";
    this.busy(false);
    this.box.hidden = true;
    this.say(this.text("cancelled"));
  };

  // Markup added later (a chooser modal) calls this on its new content.
  window.initVideoUploaders = function (scope) {
    (scope || document).querySelectorAll("[data-video-uploader]").forEach(function (root) {
      if (!root.videoUploader) root.videoUploader = new VideoUploader(root);
    });
  };

  document.addEventListener("DOMContentLoaded", function () {
    window.initVideoUploaders(document);
  });
})();
