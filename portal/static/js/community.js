// Like and follow buttons (templates/community/includes/*_button.html): the forms work
// without JavaScript; here they are sent with fetch, and the button's aria-pressed, the
// hidden field (the next state to ask for) and the count follow the server's answer.
document.addEventListener("submit", function (event) {
  var form = event.target.closest("form[data-community-toggle]");
  if (!form) return;
  event.preventDefault();
  var field = form.getAttribute("data-community-toggle"); // "liked" or "following"
  var button = form.querySelector("button");
  button.disabled = true;
  fetch(form.action, {
    method: "POST",
    body: new FormData(form),
    headers: { Accept: "application/json" },
    credentials: "same-origin",
  })
    .then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    })
    .then(function (state) {
      var on = Boolean(state[field]);
      button.setAttribute("aria-pressed", String(on));
      form.querySelector("input[name=" + field + "]").value = on ? "0" : "1";
      var count = form.querySelector("[data-count]");
      if (count) count.textContent = state.like_count !== undefined ? state.like_count : state.followers_count;
    })
    .catch(function () {
      form.submit(); // let the page do it (and show an error if there is one)
    })
    .finally(function () {
      button.disabled = false;
    });
});
