"""Editors' pages under /editor: duplicate topics and search analytics, behind a login.

Accounts come from ``rxsearch editor add``. The session cookie (signed, HTTP-only, Secure,
SameSite=Lax) holds only a random token, looked up in the editors' database on every
request, so logout, ``rxsearch editor remove`` and ``rxsearch editor password`` end a
session at once (``editorial.sessions``). Every form carries a CSRF token (Flask-WTF), and
a forged post is answered 400. Failed logins are limited per account and per client
address, counted in the database that all workers share (``editorial.throttle``).
"""

from __future__ import annotations

import functools
import math
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from markupsafe import Markup

from corpus.article import LIBRARIES
from indexer.duplicates import PairsMissingError, doc_of
from search_app.editorial import accounts, analytics, decisions, sessions, throttle
from search_app.editorial.duplicates import shared_spans
from search_app.paging import page_count
from search_app.snippets import mark
from search_app.web.searching import view

bp = Blueprint("editor", __name__, url_prefix="/editor")
PAIRS_PER_PAGE = 50
SESSION_KEY = "editor_session"


def db_path() -> str:
    return current_app.config["EDITOR_DB"]


@bp.before_request
def load_editor() -> None:
    """``g.editor``: the editor whose session is still live on the server, else None."""
    token = session.get(SESSION_KEY)
    g.editor = sessions.editor_for(db_path(), token) if token else None
    if token and g.editor is None:
        session.clear()  # ended or expired: drop the stale cookie


def login_required(view):
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if not g.editor:
            return redirect(url_for("editor.login", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    return wrapped


def _safe_next(target: str | None) -> str:
    # Only paths on this site: never an open redirect to another host.
    if target and target.startswith("/") and not target.startswith("//") \
            and not urlsplit(target).netloc:
        return target
    return url_for("editor.duplicates")


def _login_page(error: str | None = None, status: int = 200):
    return render_template("editor/login.html", error=error,
                           next=request.values.get("next", "")), status


def _locked_out(lock: throttle.LockedOut):
    minutes = math.ceil(lock.retry_after / 60)
    wait = f"{minutes} minute{'s' if minutes > 1 else ''}"
    if lock.reason == "account":
        error = (f"Too many failed logins to this account. To keep it safe it is locked, even "
                 f"to the right password, for {wait}.")
    else:
        error = (f"Too many failed logins from your network. Please try again in {wait}, or "
                 f"from another network.")
    body, status = _login_page(error, 429)
    return body, status, {"Retry-After": str(lock.retry_after)}


@bp.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "GET":
        return _login_page()
    name = request.form.get("name", "")[:40]
    password = request.form.get("password", "")[:1000]
    try:
        attempt = throttle.begin(db_path(), current_app.secret_key, name, request.remote_addr)
    except throttle.LockedOut as lock:
        return _locked_out(lock)
    if not accounts.verify(db_path(), name, password):
        return _login_page("That name and password do not match an editor account.", 401)
    throttle.succeeded(db_path(), attempt)
    token = sessions.start(db_path(), name,
                           current_app.permanent_session_lifetime.total_seconds())
    session.clear()  # a fresh session: no fixation
    session[SESSION_KEY] = token
    session.permanent = True
    return redirect(_safe_next(request.form.get("next")))


@bp.post("/logout")
def logout():
    sessions.end(db_path(), session.get(SESSION_KEY))
    session.clear()
    return redirect(url_for("search.home"))


@bp.get("/")
@login_required
def index():
    return redirect(url_for("editor.duplicates"))


def _not_computed():
    """An index built before duplicate topics were stored: say how to get them (finding
    them here would read every article inside the request)."""
    return render_template("editor/not_computed.html", version=view().version)


@bp.get("/duplicates")
@login_required
def duplicates():
    library = request.args.get("library") or None
    if library is not None and library not in LIBRARIES:
        abort(400, "Unknown library.")
    show_dismissed = request.args.get("dismissed") == "1"
    try:
        min_score = float(request.args.get("min_score", "0.5"))
        page = int(request.args.get("page", "1"))
    except ValueError:
        abort(400, "The minimum score and the page must be numbers.")
    if not (0 <= min_score <= 1 and page >= 1):
        abort(400, "The minimum score is between 0 and 1; pages start at 1.")
    try:
        found = view().duplicates  # stored by the reindex job, read once per version
    except PairsMissingError:
        return _not_computed()
    wanted = found.select(library=library, min_score=min_score)
    rows = decisions.reviewed(db_path(), wanted, show_dismissed=show_dismissed)
    pages = page_count(len(rows), PAIRS_PER_PAGE)
    page = min(page, pages)
    shown = rows[(page - 1) * PAIRS_PER_PAGE:page * PAIRS_PER_PAGE]
    return render_template("editor/duplicates.html", rows=shown, total=len(rows), page=page,
                           pages=pages, library=library, min_score=min_score,
                           show_dismissed=show_dismissed)


def _sections_marked(text_parts: list[str], other: str) -> list[Markup]:
    out = []
    for text in text_parts:
        spans, _ = shared_spans(text, other)
        out.append(Markup(mark(text, spans)))
    return out


@bp.get("/duplicates/pair")
@login_required
def pair():
    current = view()
    try:
        found = current.duplicates.pair(request.args.get("a", ""), request.args.get("b", ""))
    except PairsMissingError:
        return _not_computed()
    if found is None:
        abort(404, "This pair is not among the candidates of the live index.")
    # Only this pair's two articles are read, from the same version the pair came from.
    a, b = (doc_of(current.searcher(), topic.id) for topic in (found.a, found.b))
    a_parts = [s for s in a.text.split("\n") if s.strip()]
    b_parts = [s for s in b.text.split("\n") if s.strip()]
    decision = decisions.all_decisions(db_path()).get(found.key)
    return render_template("editor/pair.html", pair=found, a=a, b=b, decision=decision,
                           a_html=_sections_marked(a_parts, b.text),
                           b_html=_sections_marked(b_parts, a.text))


@bp.post("/duplicates/decision")
@login_required
def decide():
    a, b = request.form.get("a", ""), request.form.get("b", "")
    decision = request.form.get("decision", "")
    if not a or not b or decision not in (*decisions.DECISIONS, "undo"):
        abort(400, "A decision needs two articles and one of: not-duplicate, merge-planned.")
    if decision == "undo":
        decisions.undo(db_path(), a, b)
    else:
        decisions.record(db_path(), a, b, decision, g.editor,
                         request.form.get("note", ""))
    flash(f"Recorded: {decision.replace('-', ' ')}.")
    return redirect(_safe_next(request.form.get("next")))


@bp.get("/analytics")
@login_required
def analytics_report():
    try:
        days = int(request.args.get("days", "30"))
    except ValueError:
        abort(400, "The period must be a number of days.")
    if not 1 <= days <= 3650:
        abort(400, "The period is between 1 and 3650 days.")
    found = analytics.report(db_path(), days=days,
                             min_count=current_app.config["ANALYTICS_MIN_COUNT"])
    if request.args.get("format") == "csv":
        return Response(analytics.to_csv(found), mimetype="text/csv",
                        headers={"Content-Disposition":
                                 f"attachment; filename=search-analytics-{found.end}.csv"})
    return render_template("editor/analytics.html", report=found, days=days)
