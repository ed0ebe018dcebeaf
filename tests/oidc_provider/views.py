"""The provider's test-only parts: a control endpoint the tests drive (people, groups, a
misbehaving next answer) and a token endpoint that can misbehave once."""

import base64
import hmac
import json
import time
from pathlib import Path

import jwt
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.http import HttpResponseForbidden, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from oauth2_provider import views as oauth2_views
from oauth2_provider.models import Application

MODE_FILE = Path(settings.DATABASES["default"]["NAME"]).with_name("mode")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def misbehave(id_token: str, mode: str) -> str:
    """The ID token as a broken or malicious provider would send it."""
    header = jwt.get_unverified_header(id_token)
    claims = jwt.decode(id_token, options={"verify_signature": False})
    now = int(time.time())
    if mode == "tampered_signature":
        # Someone in between adds a group; the signature is the provider's, over other bytes.
        claims["groups"] = [*claims.get("groups", []), "meetregion-admins"]
        head, _payload, signature = id_token.split(".")
        return f"{head}.{_b64(json.dumps(claims).encode())}.{signature}"
    if mode == "unsigned":
        return jwt.encode(claims, key=None, algorithm="none")
    if mode == "wrong_audience":
        claims["aud"] = "another-service"
    elif mode == "expired":
        claims["iat"], claims["exp"] = now - 3600, now - 1800
    elif mode == "wrong_nonce":
        claims["nonce"] = "not-the-nonce-we-were-given"
    elif mode == "wrong_issuer":
        claims["iss"] = "http://127.0.0.1:9/another-provider"
    else:
        raise ValueError(mode)
    key = settings.OAUTH2_PROVIDER["OIDC_RSA_PRIVATE_KEY"]
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": header["kid"]})


class TokenView(oauth2_views.TokenView):
    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        if MODE_FILE.exists() and response.status_code == 200:
            mode = MODE_FILE.read_text().strip()
            MODE_FILE.unlink()
            body = json.loads(response.content)
            body["id_token"] = misbehave(body["id_token"], mode)
            response.content = json.dumps(body).encode()
        return response


@csrf_exempt
@require_POST
def control(request):
    if not hmac.compare_digest(request.headers.get("X-Control-Token", ""), settings.CONTROL_TOKEN):
        return HttpResponseForbidden()
    data = json.loads(request.body)
    action = data["action"]
    if action == "user":
        user, _created = User.objects.get_or_create(username=data["username"])
        user.email = data.get("email", f"{data['username']}@municipality.example")
        user.first_name = data.get("given_name", data["username"].title())
        user.last_name = data.get("family_name", "Tester")
        user.set_password(data["password"])
        user.save()
        user.groups.set([Group.objects.get_or_create(name=name)[0] for name in data["groups"]])
    elif action == "mode":
        MODE_FILE.write_text(data["mode"])
    elif action == "client":
        Application.objects.filter(client_id=data["client_id"]).update(
            redirect_uris=" ".join(data["redirect_uris"]),
            post_logout_redirect_uris=" ".join(data["post_logout_redirect_uris"]),
        )
    else:
        return JsonResponse({"error": action}, status=400)
    return JsonResponse({"ok": True})
