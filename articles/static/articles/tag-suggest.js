/* Existing tags suggested while an editor types in the admin's tags field.
 *
 * Progressive: without this script the field is the comma-separated text
 * input it always was. With it, the text after the last comma is sent to the
 * admin's suggestion endpoint (the input's data-tag-suggest address), and the
 * matching tags, most used first, are listed under the field. Pick one with
 * the mouse, or with the arrow keys and Enter; Escape closes the list. Input
 * method composition (pinyin, cangjie…) is left alone until a character is
 * chosen. The markup follows the WAI-ARIA combobox pattern (list autocomplete).
 */
(function () {
  "use strict";

  var DELAY = 150; // ms after the last keystroke before asking
  var counter = 0;

  // Where the tag being typed starts: after the last comma (full-width too:
  // the form folds "，" to ",") that is not inside double quotes.
  function fragmentStart(text) {
    var start = 0;
    var quoted = false;
    for (var i = 0; i < text.length; i++) {
      var c = text.charAt(i);
      if (c === '"') {
        quoted = !quoted;
      } else if (!quoted && (c === "," || c === "\uFF0C")) {
        start = i + 1;
      }
    }
    return start;
  }

  function fragmentOf(text) {
    return text.slice(fragmentStart(text)).replace(/^[\s"]+|[\s"]+$/g, "");
  }

  // For screen readers, in the words the input carries (translated by
  // articles/widgets.py); plain English otherwise.
  function announce(input, n) {
    var words = input.getAttribute(n === 1 ? "data-tag-suggest-one" : "data-tag-suggest-other");
    if (words) {
      return words.replace("%s", String(n));
    }
    return n + (n === 1 ? " tag suggested" : " tags suggested");
  }

  // taggit reads a comma inside a name only between double quotes.
  function spelled(name) {
    return name.indexOf(",") === -1 ? name : '"' + name + '"';
  }

  function attach(input) {
    var url = input.getAttribute("data-tag-suggest");
    var list = document.createElement("ul");
    var status = document.createElement("div");
    var timer = null;
    var controller = null;
    var latest = 0;
    var options = [];
    var active = -1;

    counter += 1;
    list.id = (input.id || "tags") + "-suggestions-" + counter;
    list.className = "tag-suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", input.getAttribute("data-tag-suggest-label") || "Existing tags");
    list.hidden = true;
    status.className = "tag-suggestions-status";
    status.setAttribute("role", "status");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");
    input.insertAdjacentElement("afterend", list);
    list.insertAdjacentElement("afterend", status);

    function close() {
      list.hidden = true;
      list.replaceChildren();
      options = [];
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function highlight(index) {
      if (!options.length) {
        return;
      }
      active = (index + options.length) % options.length;
      options.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === active ? "true" : "false");
      });
      input.setAttribute("aria-activedescendant", options[active].id);
      options[active].scrollIntoView({ block: "nearest" });
    }

    function pick(index) {
      var text = input.value;
      var before = text.slice(0, fragmentStart(text)).replace(/\s+$/, "");
      var name = options[index].getAttribute("data-name");
      input.value = (before ? before + " " : "") + spelled(name) + ", ";
      close();
      input.focus();
      input.setSelectionRange(input.value.length, input.value.length);
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function show(results) {
      close();
      results.forEach(function (tag, i) {
        var option = document.createElement("li");
        var count = document.createElement("span");
        option.id = list.id + "-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.setAttribute("data-name", tag.name);
        option.textContent = tag.name;
        count.className = "tag-suggestions-uses";
        count.textContent = String(tag.uses);
        option.appendChild(count);
        option.addEventListener("mousedown", function (event) {
          event.preventDefault(); // keep the focus in the field
          pick(i);
        });
        option.addEventListener("mousemove", function () {
          if (active !== i) {
            highlight(i);
          }
        });
        list.appendChild(option);
        options.push(option);
      });
      status.textContent = results.length ? announce(input, results.length) : "";
      if (options.length) {
        list.style.minWidth = input.offsetWidth + "px";
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      }
    }

    function ask() {
      var fragment = fragmentOf(input.value);
      if (controller) {
        controller.abort();
      }
      if (!fragment) {
        close();
        return;
      }
      var request = (latest += 1);
      controller = new AbortController();
      fetch(url + "?" + new URLSearchParams({ q: fragment }), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        signal: controller.signal,
      })
        .then(function (response) {
          return response.ok ? response.json() : { results: [] };
        })
        .then(function (data) {
          if (request === latest && document.activeElement === input) {
            show(data.results || []);
          }
        })
        .catch(function () {}); // an aborted or failed request: no list
    }

    function later() {
      clearTimeout(timer);
      timer = setTimeout(ask, DELAY);
    }

    input.addEventListener("input", function (event) {
      if (!event.isComposing) {
        later();
      }
    });
    input.addEventListener("compositionend", later);
    input.addEventListener("blur", function () {
      clearTimeout(timer);
      close();
    });
    input.addEventListener("keydown", function (event) {
      if (event.isComposing || event.keyCode === 229) {
        return; // the input method's keys, not ours
      }
      var open = !list.hidden;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (!open) {
          ask();
        } else {
          highlight(active + (event.key === "ArrowDown" ? 1 : -1));
        }
      } else if (event.key === "Enter" && open && active >= 0) {
        event.preventDefault(); // pick the tag, do not submit the form
        pick(active);
      } else if (event.key === "Escape" && open) {
        event.preventDefault();
        close();
      }
    });
  }

  function start() {
    document.querySelectorAll("input[data-tag-suggest]").forEach(attach);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
