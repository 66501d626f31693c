"""Error pages rendered in the site's layout."""

import sys

from django.db import (
    DEFAULT_DB_ALIAS,
    DatabaseError,
    InterfaceError,
    OperationalError,
    connections,
)
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader

# Seconds a client is asked to wait before trying again while the database is unreachable.
RETRY_AFTER_SECONDS = 15


def page_not_found(request, exception):
    """Show the site's 404 page, with the way back to the document."""
    return render(request, "404.html", status=404)


def bad_request(request, exception):
    """Show the site's 400 page; never read the request's body, which may be what was wrong."""
    return render(request, "400.html", status=400)


def _database_unavailable(error):
    """Whether the error is the database being out of reach (restarting, overloaded, down).

    A connection cut in the middle of a query can also surface as a bare DatabaseError; then
    the connection itself tells: it is no longer usable.
    """
    if isinstance(error, OperationalError | InterfaceError):
        return True
    if isinstance(error, DatabaseError):
        connection = connections[DEFAULT_DB_ALIAS]
        return connection.connection is not None and not connection.is_usable()
    return False


def service_unavailable():
    """A plain 503 page, with no database or context processor, asking to try again shortly."""
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request):
    """Show a plain 500 page that needs no database; a lost database is a 503, try again."""
    if _database_unavailable(sys.exc_info()[1]):
        return service_unavailable()
    return HttpResponseServerError(loader.get_template("500.html").render())
