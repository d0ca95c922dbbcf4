"""API tokens tied to the person's credentials.

Every token carries a ``stamp`` claim (``User.token_stamp``), derived from the password hash
and the "sign out everywhere" generation. A new password (site, admin, API, reset link) or
signing out everywhere changes the stamp, so every refresh token issued before is refused
when it is used, and so is every access token still within its 15 minutes: both are checked
against the database on use. Tokens without the claim (issued before it existed) are refused.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.contrib import rest_framework_simplejwt as jwt_schema
from rest_framework_simplejwt import authentication, serializers
from rest_framework_simplejwt import tokens as simplejwt_tokens
from rest_framework_simplejwt.exceptions import AuthenticationFailed
from rest_framework_simplejwt.settings import api_settings

from .models import User

STAMP_CLAIM = "stamp"


def _ended() -> AuthenticationFailed:
    return AuthenticationFailed(
        _("This sign-in has ended (the password changed or you signed out everywhere)."),
        code="token_revoked",
    )


def check_stamp(token, user: User) -> None:
    """Refuse a token issued before the person's password or sign-out generation changed."""
    if token.get(STAMP_CLAIM) != user.token_stamp():
        raise _ended()


class RefreshToken(simplejwt_tokens.RefreshToken):
    @classmethod
    def for_user(cls, user: User) -> RefreshToken:
        token = super().for_user(user)
        # Copied into each access token made from it, and kept through rotation.
        token[STAMP_CLAIM] = user.token_stamp()
        return token


def tokens_for(user: User) -> dict[str, str]:
    """A fresh access and refresh token pair for a person (after a password change)."""
    refresh = RefreshToken.for_user(user)
    return {"refresh": str(refresh), "access": str(refresh.access_token)}


class TokenObtainPairSerializer(serializers.TokenObtainPairSerializer):
    token_class = RefreshToken


class TokenRefreshSerializer(serializers.TokenRefreshSerializer):
    token_class = RefreshToken

    def validate(self, attrs):
        refresh = self.token_class(attrs["refresh"])
        user_id = refresh.payload.get(api_settings.USER_ID_CLAIM)
        user = User.objects.filter(**{api_settings.USER_ID_FIELD: user_id}).first()
        if user is None or not user.is_active:
            raise AuthenticationFailed(
                self.error_messages["no_active_account"], code="no_active_account"
            )
        check_stamp(refresh, user)
        return super().validate(attrs)


class JWTAuthentication(authentication.JWTAuthentication):
    def get_user(self, validated_token) -> User:
        user = super().get_user(validated_token)
        check_stamp(validated_token, user)
        return user


# The schema describes these subclasses as drf-spectacular describes simplejwt's own classes.
class JWTAuthenticationScheme(jwt_schema.SimpleJWTScheme):
    target_class = JWTAuthentication


class TokenObtainPairSerializerSchema(jwt_schema.TokenObtainPairSerializerExtension):
    target_class = TokenObtainPairSerializer


class TokenRefreshSerializerSchema(jwt_schema.TokenRefreshSerializerExtension):
    target_class = TokenRefreshSerializer
