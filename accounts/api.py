"""Accounts in the JSON API: sign-up, tokens, session sign-in, profile, user lists."""

from allauth.account.forms import ResetPasswordForm
from django.contrib.auth import authenticate, login, logout
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import ensure_csrf_cookie
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, parsers, permissions, serializers, status, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.tokens import RefreshToken
from rest_framework_simplejwt.views import TokenObtainPairView, TokenRefreshView

from . import services
from .models import Level, ProfileSettings, User

# --- Serializers ----------------------------------------------------------------------------


class UserSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    full_name = serializers.CharField(source="get_full_name", read_only=True)

    class Meta:
        model = User
        fields = [
            "id",
            "email",
            "first_name",
            "last_name",
            "full_name",
            "phone",
            "role",
            "avatar",
            "date_joined",
            "is_staff",
        ]
        read_only_fields = ["email", "role", "avatar", "date_joined", "is_staff"]


class AdminUserSerializer(UserSerializer):
    """What an admin may change about someone else: also the role and whether they can sign in."""

    class Meta(UserSerializer.Meta):
        fields = [*UserSerializer.Meta.fields, "is_active"]
        read_only_fields = ["email", "avatar", "date_joined", "is_staff"]


class TeacherSerializer(UserSerializer):
    expertise = serializers.CharField(source="teacher_profile.expertise", read_only=True)
    experience_years = serializers.IntegerField(
        source="teacher_profile.experience_years", read_only=True
    )
    rating = serializers.DecimalField(
        source="teacher_profile.rating", max_digits=3, decimal_places=2, read_only=True
    )

    class Meta(UserSerializer.Meta):
        fields = [*UserSerializer.Meta.fields, "expertise", "experience_years", "rating"]


class StudentSerializer(UserSerializer):
    level = serializers.CharField(source="student_profile.level", read_only=True)

    class Meta(UserSerializer.Meta):
        fields = [*UserSerializer.Meta.fields, "level"]


class RegisterSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(write_only=True, style={"input_type": "password"})
    role = serializers.ChoiceField(choices=User.Role.choices)
    first_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    last_name = serializers.CharField(max_length=150, required=False, allow_blank=True)

    def create(self, validated_data):
        try:
            return services.register_user(self.context["request"]._request, **validated_data)
        except services.EmailTaken as exc:
            raise serializers.ValidationError({"email": [str(exc)]}) from exc
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"password": list(exc.messages)}) from exc


class CredentialsSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(write_only=True, style={"input_type": "password"})


class TeacherProfileSerializer(serializers.Serializer):
    bio = serializers.CharField(required=False, allow_blank=True)
    expertise = serializers.CharField(required=False, allow_blank=True, max_length=255)
    experience_years = serializers.IntegerField(required=False, min_value=0, max_value=80)
    education = serializers.CharField(required=False, allow_blank=True)
    achievements = serializers.CharField(required=False, allow_blank=True)
    rating = serializers.DecimalField(max_digits=3, decimal_places=2, read_only=True)
    courses_count = serializers.IntegerField(read_only=True)
    students_count = serializers.IntegerField(read_only=True)
    reviews_count = serializers.IntegerField(read_only=True)


class StudentProfileSerializer(serializers.Serializer):
    interests = serializers.CharField(required=False, allow_blank=True)
    level = serializers.ChoiceField(choices=Level.choices, required=False, allow_blank=True)


class SettingsSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProfileSettings
        fields = ProfileSettings.EDITABLE_FIELDS


class ProfileSerializer(UserSerializer):
    """The signed-in person: account, role profile and notification settings."""

    email_verified = serializers.SerializerMethodField()
    profile = serializers.SerializerMethodField()
    settings = SettingsSerializer(source="profile_settings", required=False)
    teacher = TeacherProfileSerializer(required=False, write_only=True)
    student = StudentProfileSerializer(required=False, write_only=True)

    class Meta(UserSerializer.Meta):
        fields = [
            *UserSerializer.Meta.fields,
            "email_verified",
            "profile",
            "settings",
            "teacher",
            "student",
        ]

    def get_email_verified(self, user: User) -> bool:
        return services.is_email_verified(user)

    def get_profile(self, user: User) -> dict:
        if user.is_teacher:
            return TeacherProfileSerializer(user.teacher_profile).data
        return StudentProfileSerializer(user.student_profile).data

    def validate(self, attrs):
        user = self.instance
        wrong = "student" if user.is_teacher else "teacher"
        if wrong in attrs:
            raise serializers.ValidationError(
                {wrong: [_("These fields belong to the other role's profile.")]}
            )
        return attrs

    def update(self, user: User, validated_data):
        role_data = validated_data.pop("teacher", None) or validated_data.pop("student", None) or {}
        settings_data = validated_data.pop("profile_settings", None)
        services.update_profile(user, {**validated_data, **role_data})
        if settings_data:
            services.update_settings(user, settings_data)
        user.refresh_from_db()
        return user


# --- Permissions ----------------------------------------------------------------------------


class IsAdmin(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return services.is_admin(request.user)


class IsTeacherOrAdmin(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user.is_authenticated and (user.is_teacher or services.is_admin(user)))


class IsSelfOrAdmin(permissions.BasePermission):
    """Read and change: the person themselves or an admin. Delete: admins only."""

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method == "DELETE":
            return services.is_admin(request.user)
        return services.can_edit_user(request.user, obj)


# --- Views ----------------------------------------------------------------------------------


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


class LogoutView(APIView):
    """Blacklists the given refresh token and ends the session, if there is one."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        request=inline_serializer("Logout", {"refresh": serializers.CharField(required=False)}),
        responses={204: None},
    )
    def post(self, request):
        refresh = request.data.get("refresh")
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


class PasswordResetView(AuthEndpointMixin, APIView):
    """Sends the reset link when the address has an account; always answers the same."""

    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []

    @extend_schema(
        request=inline_serializer("PasswordReset", {"email": serializers.EmailField()}),
        responses={200: inline_serializer("Detail", {"detail": serializers.CharField()})},
    )
    def post(self, request):
        form = ResetPasswordForm(data={"email": request.data.get("email", "")})
        if not form.is_valid():
            raise serializers.ValidationError({"email": form.errors.get("email", [])})
        form.save(request._request)
        return Response(
            {"detail": _("If this address has an account, we have sent it a reset link.")}
        )


class ProfileView(APIView):
    parser_classes = [parsers.JSONParser]

    def _serializer(self, request, **kwargs):
        services.ensure_profiles(request.user)
        return ProfileSerializer(request.user, context={"request": request}, **kwargs)

    @extend_schema(responses=ProfileSerializer)
    def get(self, request):
        return Response(self._serializer(request).data)

    @extend_schema(request=ProfileSerializer, responses=ProfileSerializer)
    def put(self, request):
        serializer = self._serializer(request, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response(self._serializer(request).data)

    patch = put


class AvatarView(APIView):
    parser_classes = [parsers.MultiPartParser]

    @extend_schema(
        request={
            "multipart/form-data": inline_serializer("Avatar", {"avatar": serializers.ImageField()})
        },
        responses=UserSerializer,
    )
    def put(self, request):
        upload = request.FILES.get("avatar")
        if upload is None:
            raise serializers.ValidationError({"avatar": [_("No file was submitted.")]})
        try:
            services.set_avatar(request.user, upload)
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"avatar": list(exc.messages)}) from exc
        return Response(UserSerializer(request.user, context={"request": request}).data)

    @extend_schema(responses={204: None})
    def delete(self, request):
        services.remove_avatar(request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class UserViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """All users (admins); one user (themselves or an admin); teachers and students lists."""

    lookup_field = "public_id"
    lookup_url_kwarg = "id"
    queryset = User.objects.order_by("email")

    def get_permissions(self):
        if self.action == "list":
            return [permissions.IsAuthenticated(), IsAdmin()]
        if self.action in {"teachers", "students"}:
            return [permissions.IsAuthenticated(), IsTeacherOrAdmin()]
        return [permissions.IsAuthenticated(), IsSelfOrAdmin()]

    def get_serializer_class(self):
        if self.action == "teachers":
            return TeacherSerializer
        if self.action == "students":
            return StudentSerializer
        if services.is_admin(self.request.user):
            return AdminUserSerializer
        return UserSerializer

    def perform_update(self, serializer):
        role = serializer.validated_data.pop("role", None)
        user = serializer.save()
        if role and role != user.role:
            services.set_role(user, role)

    def perform_destroy(self, instance):
        services.delete_user(self.request.user, instance)

    @action(detail=False)
    def teachers(self, request):
        qs = User.objects.filter(role=User.Role.TEACHER, is_active=True)
        return self._paginated(qs.select_related("teacher_profile").order_by("last_name", "email"))

    @action(detail=False)
    def students(self, request):
        qs = User.objects.filter(role=User.Role.STUDENT, is_active=True)
        return self._paginated(qs.select_related("student_profile").order_by("last_name", "email"))

    def _paginated(self, queryset):
        page = self.paginate_queryset(queryset)
        serializer = self.get_serializer(page, many=True)
        return self.get_paginated_response(serializer.data)
