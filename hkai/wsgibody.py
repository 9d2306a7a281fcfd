"""A WSGI response body that does something once the server has sent it."""


class ThenClose:
    """``body`` as given; when the server closes it (after the last byte is
    sent, in the same worker and thread), ``then()`` runs, whatever closing
    the body itself raised."""

    def __init__(self, body, then):
        self.body = body
        self.then = then

    def __iter__(self):
        return iter(self.body)

    def close(self):
        try:
            if hasattr(self.body, "close"):
                self.body.close()
        finally:
            self.then()
