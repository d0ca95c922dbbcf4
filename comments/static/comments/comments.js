// Comments: ask before deleting (the form still works without JavaScript).
document.addEventListener("submit", function (event) {
  const button = event.submitter;
  const question = button && button.getAttribute("data-comment-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
