// Comments: ask before deleting, and like without reloading the page (both forms still work
// without JavaScript: the like form posts the state it asks for and comes back).
document.addEventListener("submit", function (event) {
  const button = event.submitter;
  const question = button && button.getAttribute("data-comment-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
    return;
  }
  const form = event.target;
  if (!form.hasAttribute("data-comment-like") || !window.fetch) {
    return;
  }
  event.preventDefault();
  const wanted = form.querySelector('input[name="liked"]');
  const pressed = form.querySelector("[aria-pressed]");
  const count = form.querySelector("[data-like-count]");
  fetch(form.action, {
    method: "POST",
    body: new FormData(form),
    headers: { Accept: "application/json" },
    credentials: "same-origin",
  })
    .then(function (response) {
      if (!response.ok) {
        throw new Error(String(response.status));
      }
      return response.json();
    })
    .then(function (data) {
      pressed.setAttribute("aria-pressed", data.liked ? "true" : "false");
      wanted.value = data.liked ? "0" : "1";
      count.textContent = String(data.like_count);
    })
    .catch(function () {
      form.submit(); // the page answers with its message
    });
});
