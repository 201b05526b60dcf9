"""Custom error pages (wired as handler404 / handler500 in coop_site/urls.py)."""

from django.http import HttpResponseNotFound, HttpResponseServerError
from django.template import loader


def page_not_found(request, exception=None):
    # No canonical or alternate link (registry/templatetags/languages.py): no page is here.
    context = {"request_path": request.path, "page_addresses": False}
    body = loader.render_to_string("404.html", context, request)
    return HttpResponseNotFound(body)


def server_error(request):
    # No request context: whatever broke (the database, a context processor) may break it too.
    return HttpResponseServerError(loader.get_template("500.html").render())
