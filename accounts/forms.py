from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .app_settings import app_settings
from .models import Level, ProfileSettings, User, validate_phone


class RoleSignupForm(forms.Form):
    """Mixed into allauth's sign-up form (ACCOUNT_SIGNUP_FORM_CLASS): the role picked first."""

    role = forms.ChoiceField(choices=User.Role.choices, initial=User.Role.STUDENT)

    def signup(self, request, user) -> None:
        """The adapter already stored the role; nothing else to add."""


class EnterForm(forms.Form):
    """The one e-mail + password screen after the role is chosen."""

    email = forms.EmailField(
        label=_("E-mail"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_(
            "New here? The password you type now becomes your password: at least 8 characters, "
            "not too common, not like your e-mail."
        ),
    )

    def take_errors(self, other: forms.Form, fields: dict[str, str]) -> None:
        """Show another form's errors on this form, mapping its field names to ours."""
        for name, errors in other.errors.items():
            target = fields.get(name)
            for error in errors:
                self.add_error(target, error)


class ProfileForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    phone = forms.CharField(
        label=_("Phone"), max_length=32, required=False, validators=[validate_phone]
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if user.is_teacher:
            self.fields["bio"] = forms.CharField(
                label=_("About me"), widget=forms.Textarea(attrs={"rows": 5}), required=False
            )
            self.fields["expertise"] = forms.CharField(
                label=_("Expertise"), max_length=255, required=False
            )
            self.fields["experience_years"] = forms.IntegerField(
                label=_("Years of experience"), min_value=0, max_value=80, initial=0
            )
            self.fields["education"] = forms.CharField(
                label=_("Education"), widget=forms.Textarea(attrs={"rows": 3}), required=False
            )
            self.fields["achievements"] = forms.CharField(
                label=_("Achievements"), widget=forms.Textarea(attrs={"rows": 3}), required=False
            )
        else:
            self.fields["interests"] = forms.CharField(
                label=_("What I want to learn"),
                widget=forms.Textarea(attrs={"rows": 4}),
                required=False,
            )
            self.fields["level"] = forms.ChoiceField(
                label=_("My level"), choices=[("", "—"), *Level.choices], required=False
            )

    @staticmethod
    def initial_for(user: User) -> dict:
        initial = {"first_name": user.first_name, "last_name": user.last_name, "phone": user.phone}
        if user.is_teacher and hasattr(user, "teacher_profile"):
            p = user.teacher_profile
            initial |= {
                "bio": p.bio,
                "expertise": p.expertise,
                "experience_years": p.experience_years,
                "education": p.education,
                "achievements": p.achievements,
            }
        elif hasattr(user, "student_profile"):
            p = user.student_profile
            initial |= {"interests": p.interests, "level": p.level}
        return initial


class AvatarForm(forms.Form):
    """The file is judged by services.set_avatar (content, size); errors land on this field."""

    avatar = forms.FileField(
        label=_("New picture"),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/gif,image/webp"}
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["avatar"].help_text = _(
            "JPEG, PNG, GIF or WebP, up to %(limit)s. We crop it to a square."
        ) % {"limit": filesizeformat(app_settings.AVATAR_MAX_UPLOAD_SIZE)}


class SettingsForm(forms.ModelForm):
    class Meta:
        model = ProfileSettings
        fields = ProfileSettings.EDITABLE_FIELDS
        widgets = {"profile_visibility": forms.RadioSelect}
