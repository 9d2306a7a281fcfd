// Copy buttons for the feed addresses (articles/subscribe_to.html). Without
// script the buttons stay hidden and the addresses are plain, selectable
// text in read-only fields. No inline script anywhere: this file is all.
"use strict";

(function () {
  const status = document.getElementById("copy-status");

  function copied(button) {
    const label = button.textContent;
    button.textContent = button.dataset.copied;
    if (status) status.textContent = button.dataset.copied;
    setTimeout(function () {
      button.textContent = label;
    }, 2000);
  }

  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    const field = document.getElementById(button.dataset.copy);
    if (!field) return;
    field.addEventListener("focus", function () {
      field.select();
    });
    button.hidden = false;
    button.addEventListener("click", function () {
      field.select();
      // The Clipboard API needs a secure context (HTTPS or localhost);
      // elsewhere the field is selected and the old command copies it.
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(function () {
          copied(button);
        });
      } else if (document.execCommand("copy")) {
        copied(button);
      }
    });
  });
})();
