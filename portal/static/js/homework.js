// Homework pages: the countdown of a timed attempt and confirmations before final actions.
// The server enforces the time limit on its own; this only shows it and hands the work in
// when the time is up so the student's last answers are not lost.
(function () {
  "use strict";

  function clock(seconds) {
    var hours = Math.floor(seconds / 3600);
    var minutes = Math.floor((seconds % 3600) / 60);
    var secs = seconds % 60;
    var mm = hours ? String(minutes).padStart(2, "0") : String(minutes);
    var text = mm + ":" + String(secs).padStart(2, "0");
    return hours ? hours + ":" + text : text;
  }

  function startCountdown(timer) {
    var value = timer.querySelector("[data-hw-countdown-value]");
    var left = parseInt(timer.getAttribute("data-seconds-left"), 10);
    if (!value || isNaN(left)) return;
    // Count against the page's own clock from load, not the computer's date (it may be wrong).
    var endsAt = performance.now() + left * 1000;
    var form = document.querySelector("form[data-hw-attempt]");
    var submitButton = form && form.querySelector("[data-hw-submit]");
    var handedIn = false;

    function tick() {
      var remaining = Math.max(0, Math.ceil((endsAt - performance.now()) / 1000));
      value.textContent = clock(remaining);
      timer.classList.toggle("is-warning", remaining > 0 && remaining <= 60);
      if (remaining > 0) {
        window.setTimeout(tick, 250);
        return;
      }
      timer.classList.add("is-over");
      var label = timer.querySelector(".hw-timer-label");
      if (label) label.textContent = timer.getAttribute("data-over-text") || "";
      if (form && submitButton && !handedIn && left > 0) {
        handedIn = true;
        submitButton.removeAttribute("data-confirm");
        if (typeof form.requestSubmit === "function") {
          form.requestSubmit(submitButton);
        } else {
          submitButton.click();
        }
      }
    }
    tick();
  }

  function confirmBeforeSubmit(event) {
    var form = event.target;
    var button = event.submitter;
    var message =
      (button && button.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-hw-countdown]").forEach(startCountdown);
    document.querySelectorAll("form").forEach(function (form) {
      if (form.hasAttribute("data-confirm") || form.querySelector("[data-confirm]")) {
        form.addEventListener("submit", confirmBeforeSubmit);
      }
    });
  });
})();
