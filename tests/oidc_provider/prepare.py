"""`python -m tests.oidc_provider.prepare`: the provider's database, and meetregion registered
as its client (confidential, code flow, RS256, no consent screen)."""

import os

import django


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.oidc_provider.settings")
    django.setup()
    from django.core.management import call_command
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0)
    Application.objects.update_or_create(
        client_id=os.environ["MEETREGION_IDP_CLIENT_ID"],
        defaults={
            "name": "meetregion",
            "client_type": Application.CLIENT_CONFIDENTIAL,
            "authorization_grant_type": Application.GRANT_AUTHORIZATION_CODE,
            "client_secret": os.environ["MEETREGION_IDP_CLIENT_SECRET"],
            "redirect_uris": os.environ["MEETREGION_IDP_REDIRECT_URIS"],
            "post_logout_redirect_uris": os.environ["MEETREGION_IDP_LOGOUT_URIS"],
            "algorithm": Application.RS256_ALGORITHM,
            "skip_authorization": True,
        },
    )


if __name__ == "__main__":
    main()
