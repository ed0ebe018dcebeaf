"""Response helpers shared by the pages behind private links."""


def private(response, *, referrer_policy: str = "same-origin"):
    """Keep a private page out of caches, search engines and other sites' logs.

    `same-origin` keeps the token in the URL from leaking to other sites. Pages that post a
    form must not use `no-referrer`: browsers then send `Origin: null` and Django's CSRF
    check refuses the post.
    """
    response["Referrer-Policy"] = referrer_policy
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
