"""Avatar uploads: accept real images of a bounded size, store a square JPEG thumbnail."""

import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from .app_settings import app_settings

# What browsers show and Pillow reads safely; judged by the file's content, not its name.
ALLOWED_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}


def check_pixels(width: int, height: int) -> None:
    limit = app_settings.AVATAR_MAX_PIXELS
    if width * height > limit:
        raise ValidationError(
            _(
                "The picture is too large: %(width)d×%(height)d pixels. The limit is "
                "%(megapixels)s megapixels; make it smaller and upload it again."
            )
            % {
                "width": width,
                "height": height,
                "megapixels": number_format(limit / 1_000_000, 1),
            },
            code="too_many_pixels",
        )


def make_avatar(upload: UploadedFile) -> ContentFile:
    """Return the thumbnail to store, or raise ValidationError saying what is wrong."""
    limit = app_settings.AVATAR_MAX_UPLOAD_SIZE
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s). The limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="file_too_large",
        )
    not_image = ValidationError(
        _("This file is not an image. Upload a JPEG, PNG, GIF or WebP picture."),
        code="not_an_image",
    )
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            image_format = probe.format
            # Image.open reads only the header: refuse huge pictures before decoding a pixel
            # (a small file can hold a 6000×6000 PNG, a second of CPU and 100 MB to decode).
            check_pixels(*probe.size)
            probe.verify()  # checks the whole file, not only its header
        if image_format not in ALLOWED_FORMATS:
            raise not_image
        upload.seek(0)
        with Image.open(upload) as image:
            image = ImageOps.exif_transpose(image)
            image = image.convert("RGB")
            side = app_settings.AVATAR_SIZE
            thumbnail = ImageOps.fit(image, (side, side), Image.Resampling.LANCZOS)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError) as exc:
        raise not_image from exc
    buffer = io.BytesIO()
    thumbnail.save(buffer, format="JPEG", quality=88, optimize=True)
    return ContentFile(buffer.getvalue(), name="avatar.jpg")
