"""Read pages as a browser does: with an HTML parser, not regular expressions."""

from bs4 import BeautifulSoup


def parse(page):
    """A parsed page, from a response, bytes or text."""
    content = getattr(page, "content", page)
    if isinstance(content, bytes):
        content = content.decode()
    return BeautifulSoup(content, "html.parser")


def text(node):
    """The text of a node as a reader sees it: white space collapsed."""
    return " ".join(node.get_text(" ").split())


def card_titles(page):
    """The titles of the article cards, top to bottom."""
    return [text(link) for link in parse(page).select(".card__title a")]


def form_fields(form):
    """``[(name, value)]`` a browser would submit for ``form`` as it stands."""
    fields = []
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name or field.has_attr("disabled"):
            continue
        if field.name == "textarea":
            fields.append((name, field.string or ""))
        elif field.name == "select":
            fields += [
                (name, o.get("value", ""))
                for o in field.find_all("option", selected=True)
            ]
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                fields.append((name, field.get("value", "on")))
        elif field.get("type") not in ("submit", "button", "file", "image"):
            fields.append((name, field.get("value", "")))
    return fields
