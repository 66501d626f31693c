"""Error pages rendered in the site's layout."""

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader


def page_not_found(request, exception):
    """Show the site's 404 page, with the way back to the document."""
    return render(request, "404.html", status=404)


def server_error(request):
    """Show a plain 500 page that needs no database or context processor."""
    return HttpResponseServerError(loader.get_template("500.html").render())
