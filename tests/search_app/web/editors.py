"""Logging in to the /editor pages in the web tests."""

from __future__ import annotations

from bs4 import BeautifulSoup

PASSWORD = "correct horse battery staple"


def csrf_token(page) -> str:
    return BeautifulSoup(page.get_data(as_text=True), "html.parser").select_one(
        "input[name=csrf_token]")["value"]


def log_in(client, password: str = PASSWORD, name: str = "amina", **request):
    """Post the login form as a browser would (with its CSRF token); ``request`` goes to the
    test client (``headers``, ``environ_base``)."""
    token = csrf_token(client.get("/editor/login", **request))
    return client.post("/editor/login", data={"name": name, "password": password,
                                              "csrf_token": token, "next": ""}, **request)
