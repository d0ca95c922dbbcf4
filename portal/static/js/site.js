// Mobile menu toggle. Everything else on the site works without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.querySelector(".menu-toggle");
  const nav = document.getElementById("site-nav");
  if (!toggle || !nav) return;
  toggle.addEventListener("click", () => {
    const open = toggle.getAttribute("aria-expanded") === "true";
    toggle.setAttribute("aria-expanded", String(!open));
    nav.classList.toggle("is-open", !open);
  });
});

// A lesson video played to the end completes the lesson, as the "Mark as complete" button does.
document.querySelectorAll("form[data-lesson-complete]").forEach(function (form) {
  document.querySelectorAll("video[data-lesson-video]").forEach(function (video) {
    video.addEventListener("ended", function () {
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
    });
  });
});
