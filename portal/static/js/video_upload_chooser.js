// The page editor's video chooser (wagtailmedia's modal) uploads through the resumable chunked
// uploader (video_upload.js) instead of one large POST: its "Upload Video" tab gets the
// uploader from <template id="video-upload-chooser-template"> (videos/wagtail_hooks.py), and
// the uploaded video is chosen as if clicked in the list.
(function () {
  "use strict";

  function replaceUploadForm(modal) {
    var template = document.getElementById("video-upload-chooser-template");
    var body = modal.body && (modal.body[0] || modal.body);
    var panel = body && body.querySelector("#tab-upload-video");
    var form = panel && panel.querySelector("form.media-upload");
    if (!template || !form || !window.initVideoUploaders) return;
    var content = template.content.cloneNode(true);
    form.replaceWith(content);
    window.initVideoUploaders(panel);
    panel.addEventListener("video-uploaded", function (event) {
      var chosen = template.getAttribute("data-chosen-url");
      modal.loadUrl(chosen.replace("/0/", "/" + event.detail.id + "/"));
    });
  }

  var wrapped = false;

  function wrap() {
    var handlers = window.MEDIA_CHOOSER_MODAL_ONLOAD_HANDLERS;
    if (!handlers || wrapped) return;
    wrapped = true;
    var chooser = handlers.chooser;
    handlers.chooser = function (modal, jsonData) {
      chooser(modal, jsonData);
      replaceUploadForm(modal);
    };
  }

  // wagtailmedia's handlers are defined by a script of the editor page; wrap them once loaded.
  document.addEventListener("DOMContentLoaded", wrap);
  window.addEventListener("load", wrap);
})();
