"""Signing up, in and out over JSON: tokens (JWT), browser sessions, password reset."""

from allauth.account.forms import ResetPasswordForm
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import ensure_csrf_cookie
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import permissions, serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.tokens import RefreshToken
from rest_framework_simplejwt.views import TokenObtainPairView, TokenRefreshView

from core.throttling import ScopedRateThrottle

from .. import services
from ..tokens import tokens_for
from .serializers import (
    CredentialsSerializer,
    PasswordChangeSerializer,
    RegisterSerializer,
    TokenPairSerializer,
    UserSerializer,
)


class AuthEndpointMixin:
    """Throttled, and part of the sign-in lockout.

    simplejwt authenticates with DRF's request wrapper, so django-axes flags the wrapper;
    the flag is copied to the Django request for AxesMiddleware to answer 429.
    """

    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth"

    def finalize_response(self, request, response, *args, **kwargs):
        if getattr(request, "axes_locked_out", False):
            request._request.axes_locked_out = True
        return super().finalize_response(request, response, *args, **kwargs)


class RegisterView(AuthEndpointMixin, APIView):
    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []

    @extend_schema(request=RegisterSerializer, responses={201: UserSerializer})
    def post(self, request):
        serializer = RegisterSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        user = serializer.save()
        return Response(UserSerializer(user, context={"request": request}).data, status=201)


class TokenView(AuthEndpointMixin, TokenObtainPairView):
    """E-mail + password → access and refresh tokens. Failures count towards the lockout."""


class TokenRefresh(AuthEndpointMixin, TokenRefreshView):
    pass


@method_decorator(ensure_csrf_cookie, name="get")
class SessionLoginView(AuthEndpointMixin, APIView):
    """Session sign-in for browser clients. GET sets the CSRF cookie; POST needs its token."""

    permission_classes = [permissions.AllowAny]
    authentication_classes = [SessionAuthentication]

    @extend_schema(
        responses=inline_serializer("SessionState", {"authenticated": serializers.BooleanField()})
    )
    def get(self, request):
        return Response({"authenticated": request.user.is_authenticated})

    @extend_schema(request=CredentialsSerializer, responses={200: UserSerializer})
    def post(self, request):
        # Anonymous POSTs skip DRF's CSRF check; a sign-in form must not (login CSRF).
        SessionAuthentication().enforce_csrf(request)
        serializer = CredentialsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = authenticate(
            request._request,
            email=serializer.validated_data["email"],
            password=serializer.validated_data["password"],
        )
        if user is None:
            raise serializers.ValidationError(
                {"non_field_errors": [_("The e-mail address and/or password are not correct.")]}
            )
        login(request._request, user, backend="django.contrib.auth.backends.ModelBackend")
        return Response(UserSerializer(user, context={"request": request}).data)


class LogoutSerializer(serializers.Serializer):
    refresh = serializers.CharField(required=False, allow_blank=True)


class LogoutView(APIView):
    """Blacklists the given refresh token and ends the session, if there is one."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(request=LogoutSerializer, responses={204: None})
    def post(self, request):
        # Through a serializer: a body that is not an object is a 400, not an AttributeError.
        form = LogoutSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        refresh = form.validated_data.get("refresh")
        if not refresh and not request.user.is_authenticated:
            raise serializers.ValidationError({"refresh": [_("This field is required.")]})
        if refresh:
            try:
                RefreshToken(refresh).blacklist()
            except TokenError as exc:
                raise serializers.ValidationError({"refresh": [str(exc)]}) from exc
        if request.user.is_authenticated:
            logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class LogoutEverywhereView(APIView):
    """Ends every session and API token of the signed-in person, on every device."""

    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        services.sign_out_everywhere(request.user)
        if request.session.get("_auth_user_id"):
            logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PasswordChangeView(AuthEndpointMixin, APIView):
    """A new password for the signed-in person (the current one is needed).

    Every other session and every token issued before stop working; the answer carries a
    new token pair, and a browser session that made the change stays signed in.
    """

    @extend_schema(request=PasswordChangeSerializer, responses={200: TokenPairSerializer})
    def post(self, request):
        serializer = PasswordChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = services.change_password(request.user, **serializer.validated_data)
        if request.session.get("_auth_user_id"):
            update_session_auth_hash(request._request, user)
        return Response(tokens_for(user))


class PasswordResetView(AuthEndpointMixin, APIView):
    """Sends the reset link when the address has an account; always answers the same."""

    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []

    @extend_schema(
        request=inline_serializer("PasswordReset", {"email": serializers.EmailField()}),
        responses={200: inline_serializer("Detail", {"detail": serializers.CharField()})},
    )
    def post(self, request):
        if not isinstance(request.data, dict):  # a JSON list or string: nothing to read
            raise serializers.ValidationError({"non_field_errors": [_("Send a JSON object.")]})
        form = ResetPasswordForm(data={"email": request.data.get("email", "")})
        if not form.is_valid():
            raise serializers.ValidationError({"email": form.errors.get("email", [])})
        form.save(request._request)
        return Response(
            {"detail": _("If this address has an account, we have sent it a reset link.")}
        )
