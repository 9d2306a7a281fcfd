"""Read pages as a browser does: with an HTML parser, not regular expressions."""

from bs4 import BeautifulSoup, Tag


def parse(page):
    """A parsed page, from a response, bytes or text; a node stays as it is."""
    if isinstance(page, Tag):
        return page
    content = getattr(page, "content", page)
    if isinstance(content, bytes):
        content = content.decode()
    return BeautifulSoup(content, "html.parser")


def text(node):
    """The text of a node as a reader sees it: white space collapsed."""
    return " ".join(node.get_text(" ").split())


def select_one(page, selector):
    """The first node of ``page`` that ``selector`` matches; fails if none does."""
    node = parse(page).select_one(selector)
    assert node is not None, f"nothing matches {selector!r}"
    return node


def section(page, heading_id):
    """The ``<section>`` that the heading with id ``heading_id`` opens."""
    return select_one(page, f"#{heading_id}").find_parent("section")


def hrefs(node):
    """The addresses ``node`` links to, in document order."""
    return [link["href"] for link in parse(node).find_all("a", href=True)]


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
