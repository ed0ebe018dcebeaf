"""A real OpenID Connect provider for the sign-in tests: a small Django project around
django-oauth-toolkit, started on loopback by tests/staffauth/conftest.py. Test code only."""
