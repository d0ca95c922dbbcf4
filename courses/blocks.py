"""StreamField blocks of lessons and tutor pages. Page bodies reuse home.blocks.BaseStreamBlock."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtailmedia.blocks import VideoChooserBlock

from home.blocks import CaptionedImageBlock, HeadingBlock


class VideoBlock(blocks.StructBlock):
    """A lesson video: a YouTube/Vimeo link or a file from the media library, exactly one."""

    embed = EmbedBlock(
        label=_("YouTube or Vimeo link"),
        required=False,
        help_text=_("Paste a YouTube or Vimeo link, or choose an uploaded video below."),
    )
    file = VideoChooserBlock(label=_("Uploaded video"), required=False)
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "media"
        template = "courses/blocks/video_block.html"
        label = _("Video")
        description = _("A YouTube or Vimeo video, or a video file from the media library")

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("embed")) == bool(value.get("file")):
            message = _("Give either a link or an uploaded video, not both and not neither.")
            raise StructBlockValidationError(
                block_errors={"embed": ValidationError(message)},
            )
        return value


class AttachmentsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=120)
    documents = blocks.ListBlock(DocumentChooserBlock(label=_("File")), label=_("Files"))

    class Meta:
        icon = "doc-full"
        template = "courses/blocks/attachments_block.html"
        label = _("Attachments")
        description = _("Files from the documents library for learners to download")


class CodeBlock(blocks.StructBlock):
    language = blocks.ChoiceBlock(
        label=_("Language"),
        choices=[
            ("python", "Python"),
            ("javascript", "JavaScript"),
            ("html", "HTML"),
            ("css", "CSS"),
            ("sql", "SQL"),
            ("bash", "Shell"),
            ("text", _("Plain text")),
        ],
        default="python",
    )
    code = blocks.TextBlock(label=_("Code"))

    class Meta:
        icon = "code"
        template = "courses/blocks/code_block.html"
        label = _("Code")
        description = _("A code listing, shown in a monospaced font")


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("Kind"),
        choices=[("info", _("Note")), ("tip", _("Tip")), ("warning", _("Warning"))],
        default="info",
    )
    text = blocks.RichTextBlock(label=_("Text"), features=["bold", "italic", "link", "ul", "ol"])

    class Meta:
        icon = "warning"
        template = "courses/blocks/callout_block.html"
        label = _("Callout")
        description = _("A highlighted note, tip or warning")


class LessonStreamBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"),
        icon="pilcrow",
        template="home/blocks/paragraph_block.html",
        description=_("Formatted text with links and lists"),
    )
    heading = HeadingBlock()
    image = CaptionedImageBlock()
    video = VideoBlock()
    attachments = AttachmentsBlock()
    code = CodeBlock()
    callout = CalloutBlock()
