// The menu button on narrow screens: opens and closes the menu, Escape or a click outside
// closes it and gives the focus back to the button. Everything else works without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.querySelector("[data-menu-toggle]");
  const nav = document.getElementById(toggle ? toggle.getAttribute("aria-controls") : "");
  if (!toggle || !nav) return;
  const isOpen = () => toggle.getAttribute("aria-expanded") === "true";
  const setOpen = (open) => {
    toggle.setAttribute("aria-expanded", String(open));
    nav.classList.toggle("is-open", open);
  };
  toggle.addEventListener("click", () => {
    setOpen(!isOpen());
    if (isOpen()) {
      const first = nav.querySelector("a, input, button");
      if (first) first.focus();
    }
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && isOpen()) {
      setOpen(false);
      toggle.focus();
    }
  });
  document.addEventListener("click", (event) => {
    if (isOpen() && !nav.contains(event.target) && !toggle.contains(event.target)) setOpen(false);
  });
  // Back on a wide screen the menu is a row again: forget the open state.
  window.matchMedia("(min-width: 1024px)").addEventListener("change", () => setOpen(false));
});

// A lesson video played to the end completes the lesson, as the "Mark as complete" button
// does; the page then says so (in a live region) and ticks the lesson in the list.
document.querySelectorAll("form[data-lesson-complete]").forEach(function (form) {
  document.querySelectorAll("video[data-lesson-video]").forEach(function (video) {
    video.addEventListener("ended", function () {
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      }).then(function (response) {
        if (!response.ok || !form.isConnected) return;
        var done = document.createElement("p");
        done.className = "lesson-done";
        done.setAttribute("role", "status");
        done.textContent = "✓ " + (form.getAttribute("data-done-text") || "");
        form.replaceWith(done);
        var mark = document.querySelector(".lesson-nav li.is-current .lesson-check");
        if (mark) mark.classList.add("is-done");
      });
    });
  });
});
