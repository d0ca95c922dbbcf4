"""allauth adapters: the role chosen before sign-up, and mail sent through Celery."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.urls import reverse

from core.client_ip import client_ip

from .models import User
from .tasks import send_email

# The role the visitor picked on the first sign-in screen; read when the account is made,
# also after a round trip through Google, VK or Yandex.
SESSION_ROLE_KEY = "accounts.signup_role"


def remember_role(request, role: str) -> None:
    request.session[SESSION_ROLE_KEY] = User.Role(role).value


def chosen_role(request, default: str = User.Role.STUDENT) -> str:
    role = getattr(request, "session", {}).get(SESSION_ROLE_KEY)
    return role if role in User.Role.values else default


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user.role = form.cleaned_data.get("role") or chosen_role(request)
        return super().save_user(request, user, form, commit=commit)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        message = self.render_mail(template_prefix, email, context)
        alternatives = getattr(message, "alternatives", [])
        html = next((body for body, mime in alternatives if mime == "text/html"), "")
        # Rendered here (in the visitor's language), delivered by a worker after commit.
        send_email.delay_on_commit(
            subject=message.subject,
            body=message.body,
            to=list(message.to),
            from_email=message.from_email,
            html=html,
        )

    def get_client_ip(self, request) -> str:
        # allauth's rate limits count per client like every other limit of the site.
        return client_ip(request)

    def get_login_redirect_url(self, request):
        return reverse("cabinet:home")


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        user.role = chosen_role(request)
        return user
