// The material form shows the fields of the chosen kind only (all of them without script):
// a test's questions, a video's uploader.
(function () {
  "use strict";
  const form = document.querySelector("[data-material-form]");
  if (!form) return;
  const radios = form.querySelectorAll('input[name="kind"]');
  function show() {
    const checked = form.querySelector('input[name="kind"]:checked');
    const kind = checked ? checked.value : "article";
    form.querySelectorAll("[data-for-kinds]").forEach(function (box) {
      box.hidden = !box.dataset.forKinds.split(" ").includes(kind);
    });
  }
  radios.forEach(function (radio) { radio.addEventListener("change", show); });
  show();
})();
