"""The physical ceiling of the web server on this machine: a WSGI application that answers a
few bytes and does nothing else, served by gunicorn with the same settings as the portal
(bench/servers.py). No Django, no database, no Redis."""

BODY = b"ok\n"
HEADERS = [("Content-Type", "text/plain"), ("Content-Length", str(len(BODY)))]


def application(environ, start_response):
    start_response("200 OK", HEADERS)
    return [BODY]
