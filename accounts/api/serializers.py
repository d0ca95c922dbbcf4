"""What people, their profiles and settings look like over JSON."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from .. import permissions as rules
from .. import services
from ..models import Level, ProfileSettings, User


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
    """One of the viewer's students. ``email`` and ``phone`` are null when the student keeps
    them from their teachers (``permissions.can_see_contacts``); the list only ever holds the
    viewer's own students (``services.students_for``), hence ``teaches_them``."""

    level = serializers.ChoiceField(
        choices=Level.choices, allow_blank=True, source="student_profile.level", read_only=True
    )
    email = serializers.EmailField(read_only=True, allow_null=True)
    phone = serializers.CharField(read_only=True, allow_null=True)

    class Meta(UserSerializer.Meta):
        fields = [*UserSerializer.Meta.fields, "level"]

    def to_representation(self, user: User) -> dict:
        data = super().to_representation(user)
        viewer = self.context["request"].user
        if not rules.can_see_contacts(viewer, user, teaches_them=True):
            data["email"] = data["phone"] = None
        return data


class RegisterSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(write_only=True, style={"input_type": "password"})
    role = serializers.ChoiceField(choices=User.Role.choices)
    first_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    last_name = serializers.CharField(max_length=150, required=False, allow_blank=True)

    def create(self, validated_data):
        # EmailTaken passes through: the API's handler answers 400 naming "email".
        try:
            return services.register_user(self.context["request"]._request, **validated_data)
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"password": list(exc.messages)}) from exc


class CredentialsSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(write_only=True, style={"input_type": "password"})


class PasswordChangeSerializer(serializers.Serializer):
    old_password = serializers.CharField(write_only=True, style={"input_type": "password"})
    new_password = serializers.CharField(write_only=True, style={"input_type": "password"})


class TokenPairSerializer(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField()


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
        return rules.is_email_verified(user)

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
