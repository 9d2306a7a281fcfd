// Writing comfort in the article form: a live character count for the
// summary, and the body's Markdown rendered by the server (the same renderer
// and sanitiser as the public page). Progressive: without this file the form
// works as before. No inline script, nothing from another host. Its words
// come translated in data attributes (articles/admin_forms.py), English
// otherwise.
(function () {
  "use strict";

  function words(field, name, fallback, values) {
    let text = field.getAttribute(name) || fallback;
    for (const key in values) {
      text = text.replace("%(" + key + ")s", values[key]);
    }
    return text;
  }

  // Below the field's row (label and input sit side by side in the admin).
  function below(field, element) {
    const row = field.closest(".flex-container") || field;
    row.insertAdjacentElement("afterend", element);
  }

  function csrfToken() {
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function countCharacters(field) {
    const limit = Number(field.getAttribute("maxlength"));
    const note = document.createElement("p");
    note.className = "help editor-count";
    note.id = field.id + "_count";
    note.setAttribute("aria-live", "polite");
    field.setAttribute("aria-describedby", note.id);
    below(field, note);
    function update() {
      const used = Array.from(field.value).length; // characters, as the server counts
      note.textContent = words(field, "data-count-label", "%(used)s / %(limit)s characters", {
        used: used,
        limit: limit,
      });
      note.classList.toggle("editor-count--full", used >= limit);
    }
    field.addEventListener("input", update);
    update();
  }

  function markdownPreview(field) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button editor-preview-button";
    button.textContent = words(field, "data-preview-label", "Show the body as readers will see it", {});
    const pane = document.createElement("div");
    pane.className = "editor-markdown prose";
    pane.hidden = true;
    pane.setAttribute("aria-live", "polite");
    const aids = document.createElement("div");
    aids.className = "editor-aids";
    aids.append(button, pane);
    below(field, aids);
    button.addEventListener("click", async function () {
      const data = new FormData();
      data.append("body", field.value);
      const response = await fetch(field.dataset.markdownUrl, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken() },
      });
      if (!response.ok) {
        pane.textContent = words(field, "data-preview-error", "The preview could not be made (%(status)s).", {
          status: response.status,
        });
      } else {
        pane.innerHTML = (await response.json()).html; // sanitised by the server
      }
      pane.hidden = false;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    const summary = document.getElementById("id_summary");
    if (summary && summary.getAttribute("maxlength")) {
      countCharacters(summary);
    }
    const body = document.getElementById("id_body");
    if (body && body.dataset.markdownUrl) {
      markdownPreview(body);
    }
  });
})();
