"""Site pages (home, standard, feedback form), the project's image model and site-wide settings."""

from django import forms
from django.db import models
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.contrib.forms.forms import BaseForm, FormBuilder
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField, FormMixin
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.models import Page
from wagtail.search import index

from core.pages import PortalPage

from . import featured
from .blocks import BaseStreamBlock
from .services import allow_feedback_submission, send_feedback_email
from .site_settings import SiteSettings, SiteTexts


class CustomImage(AbstractImage):
    """Our own image model from the first migration, so fields can be added without a swap."""

    caption = models.CharField(_("caption"), max_length=255, blank=True)

    admin_form_fields = (*Image.admin_form_fields, "caption")


class CustomRendition(AbstractRendition):
    image = models.ForeignKey(CustomImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class HomePage(PortalPage):
    hero_title = models.CharField(_("hero title"), max_length=120)
    hero_text = models.TextField(_("hero text"), blank=True)
    hero_image = models.ForeignKey(
        "home.CustomImage",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_cta_text = models.CharField(_("button text"), max_length=40, blank=True)
    hero_cta_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("button links to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("hero_title"),
                FieldPanel("hero_text"),
                FieldPanel("hero_image"),
                FieldPanel("hero_cta_text"),
                FieldPanel("hero_cta_page"),
            ],
            heading=_("Hero"),
        ),
        FieldPanel("body"),
        HelpPanel(
            content=_(
                "Featured courses, tutors and reviews appear below the body by themselves "
                "once they exist."
            ),
            heading=_("Featured sections"),
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("hero_text"), index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.StandardPage",
        "home.FormPage",
        "courses.CourseIndexPage",
        "courses.TutorIndexPage",
        "blog.BlogIndexPage",
    ]

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    @property
    def og_image(self):
        """The image link previews show (home.seo.og_image)."""
        return self.hero_image

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The apps that own courses, tutors and reviews register these; empty ones are hidden.
        for name, items in featured.sections(self.locale).items():
            context.setdefault(name, items)
        return context


class StandardPage(PortalPage):
    """A plain content page: about, terms, help."""

    introduction = models.TextField(_("introduction"), blank=True)
    image = models.ForeignKey(
        "home.CustomImage",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage", "home.FormPage"]

    @property
    def og_image(self):
        """The image link previews show (home.seo.og_image)."""
        return self.image

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")


# The honeypot's input name. Editors' field names come from their labels ("Ваше имя" ->
# "u0412u0430u0448u0435_u0438u043cu044f"), so this one will not clash in practice.
HONEYPOT_FIELD = "hp_website"


class FeedbackForm(BaseForm):
    """The form builder's form plus a honeypot: a text input people never see or reach.

    The template renders it inside an `aria-hidden`, visually hidden box, and it is out of the
    tab order and autofill, so only a bot that fills every input puts anything in it.
    `clean()` drops it from `cleaned_data` (nothing of it is stored or e-mailed) and notes
    whether it was filled in `caught_in_honeypot`.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.caught_in_honeypot = False
        self.fields[HONEYPOT_FIELD] = forms.CharField(
            label=_("Leave this field empty"),
            required=False,
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )

    def clean(self):
        cleaned_data = super().clean()
        self.caught_in_honeypot = bool(cleaned_data.pop(HONEYPOT_FIELD, ""))
        return cleaned_data

    def visible_fields(self):
        # includes/form_fields.html renders these; the honeypot is rendered on its own.
        return [field for field in super().visible_fields() if field.name != HONEYPOT_FIELD]

    def honeypot_field(self):
        return self[HONEYPOT_FIELD]


class FeedbackFormBuilder(FormBuilder):
    def get_form_class(self):
        return type("FeedbackForm", (FeedbackForm,), self.formfields)


class FormField(AbstractFormField):
    page = ParentalKey("home.FormPage", on_delete=models.CASCADE, related_name="form_fields")


class FormPage(AbstractEmailForm):
    """A form the editor builds field by field (feedback, applications).

    Submissions are stored and listed in the admin (Forms); each one is e-mailed through
    Celery to the page's "to address", or else to the site's contact e-mail (Settings ›
    Site settings), or to nobody when neither is set. A honeypot and a per-address rate limit
    keep bots out; CSRF protection stays on as for every page.
    """

    intro = RichTextField(
        _("introduction"), blank=True, features=["bold", "italic", "link", "ol", "ul"]
    )
    thank_you_text = RichTextField(
        _("thank-you text"),
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text=_("Shown after the form is sent."),
    )

    form_builder = FeedbackFormBuilder

    content_panels = [
        *AbstractEmailForm.content_panels,
        FormSubmissionsPanel(),
        FieldPanel("intro"),
        InlinePanel("form_fields", heading=_("Form fields"), label=_("Field")),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("to_address"), FieldPanel("from_address")]),
                FieldPanel("subject"),
            ],
            heading=_("E-mail"),
            help_text=_(
                "With no address to send to, submissions go to the contact e-mail in the "
                "site settings; with neither, they are only stored."
            ),
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("form page")
        verbose_name_plural = _("form pages")

    def serve(self, request, *args, **kwargs):
        # Wagtail's FormMixin.serve, with the honeypot and the rate limit between a valid
        # form and storing it.
        if request.method != "POST":
            return super().serve(request, *args, **kwargs)
        form = self.get_form(request.POST, request.FILES, page=self, user=request.user)
        if form.is_valid():
            if form.caught_in_honeypot:
                # A bot: the same thank-you page, nothing stored or sent.
                return self.render_landing_page(request, None, *args, **kwargs)
            if allow_feedback_submission(request):
                submission = self.process_form_submission(form)
                return self.render_landing_page(request, submission, *args, **kwargs)
            form.add_error(
                None, _("You have sent too many messages. Please try again in a few minutes.")
            )
        context = self.get_context(request)
        context["form"] = form
        return TemplateResponse(request, self.get_template(request), context)

    def process_form_submission(self, form):
        # Wagtail e-mails only when to_address is set; send_mail also falls back to the
        # site's contact address, so it is always called.
        submission = FormMixin.process_form_submission(self, form)
        self.send_mail(form)
        return submission

    def send_mail(self, form):
        """Enqueue the e-mail on Celery after commit instead of sending it in the request."""
        send_feedback_email(self, form)


__all__ = [
    "CustomImage",
    "CustomRendition",
    "FeedbackForm",
    "FormField",
    "FormPage",
    "HomePage",
    "SiteSettings",
    "SiteTexts",
    "StandardPage",
]
