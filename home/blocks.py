"""The project's StreamField blocks, shared by every page body (one definition each)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=200)
    size = blocks.ChoiceBlock(
        label=_("Size"),
        choices=[("h2", _("Section (H2)")), ("h3", _("Subsection (H3)"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        template = "home/blocks/heading_block.html"
        label = _("Heading")
        description = _("A section heading")
        preview_value = {"text": "Как устроено обучение", "size": "h2"}


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "home/blocks/captioned_image_block.html"
        label = _("Image")
        description = _("An image with an optional caption")


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Who said it"), required=False, max_length=150)

    class Meta:
        icon = "openquote"
        template = "home/blocks/quote_block.html"
        label = _("Quote")
        description = _("A quotation with its author")
        preview_value = {
            "text": "Учиться никогда не поздно, если учиться с удовольствием.",
            "attribution": "Студентка Ustat",
        }


class FeatureBlock(blocks.StructBlock):
    """One card of the home page's "why us" row."""

    title = blocks.CharBlock(label=_("Title"), max_length=80)
    text = blocks.TextBlock(label=_("Text"), max_length=300)
    link_page = blocks.PageChooserBlock(label=_("Link to page"), required=False)
    link_text = blocks.CharBlock(label=_("Link text"), required=False, max_length=40)

    class Meta:
        icon = "pick"
        template = "home/blocks/feature_block.html"
        label = _("Feature card")
        description = _("A short card with a title, a sentence and an optional link")
        preview_value = {
            "title": "Живые занятия",
            "text": "Группы с преподавателем по расписанию, с записью каждого урока.",
        }


class FeatureRowBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), required=False, max_length=120)
    features = blocks.ListBlock(FeatureBlock(), label=_("Cards"), min_num=1, max_num=6)

    class Meta:
        icon = "grip"
        template = "home/blocks/feature_row_block.html"
        label = _("Feature row")
        description = _("A row of two to six feature cards")
        preview_value = {
            "heading": "Почему Ustat",
            "features": [
                {"title": "Курсы", "text": "Самостоятельные курсы с уроками и тестами."},
                {"title": "Репетиторы", "text": "Индивидуальные занятия с проверенными тьюторами."},
            ],
        }


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=120)
    text = blocks.TextBlock(label=_("Text"), required=False)
    button_text = blocks.CharBlock(label=_("Button text"), max_length=40)
    button_page = blocks.PageChooserBlock(label=_("Button links to page"), required=False)
    button_url = blocks.URLBlock(label=_("…or to a URL"), required=False)

    class Meta:
        icon = "bullhorn"
        template = "home/blocks/call_to_action_block.html"
        label = _("Call to action")
        description = _("A highlighted panel with a button")
        preview_value = {
            "title": "Начните учиться сегодня",
            "text": "Первые уроки каждого курса открыты бесплатно.",
            "button_text": "Выбрать курс",
            "button_url": "https://example.com/",
        }


class BaseStreamBlock(blocks.StreamBlock):
    """The body of every content page."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"),
        icon="pilcrow",
        template="home/blocks/paragraph_block.html",
        description=_("Formatted text with links and lists"),
        preview_value="<p>Ustat помогает учиться у лучших преподавателей.</p>",
    )
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    embed = EmbedBlock(
        label=_("Video or embed"),
        icon="media",
        template="home/blocks/embed_block.html",
        description=_("A YouTube or Vimeo video by its URL"),
        help_text=_("Paste a YouTube or Vimeo link"),
    )
    features = FeatureRowBlock()
    call_to_action = CallToActionBlock()
