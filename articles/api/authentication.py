"""`Authorization: Bearer <key>`: a personal token (models.ApiToken) authenticates its user."""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from articles.api.models import ApiToken


class BearerAuthentication(authentication.BaseAuthentication):
    """No Authorization header: not this scheme (the session may authenticate). A Bearer header
    with a key that is unknown, revoked or malformed: 401, never a fallback to the session."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Send one token: 'Authorization: Bearer KEY'.")
        try:
            key = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(
                "The token holds characters no key has."
            ) from None
        token = ApiToken.find_active(key)
        if token is None:
            raise exceptions.AuthenticationFailed("Unknown or revoked token.")
        token.note_use()
        return token.user, token

    def authenticate_header(self, request) -> str:
        return f'{self.keyword} realm="api"'


class BearerScheme(OpenApiAuthenticationExtension):
    """How the schema documents BearerAuthentication (registered by being defined)."""

    target_class = BearerAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "A key from /account/tokens/."}
