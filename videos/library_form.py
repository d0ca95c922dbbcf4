"""wagtailmedia's own forms (the admin's add and edit views, the chooser's upload tab) with
the video check by content (``WAGTAILMEDIA["MEDIA_FORM_BASE"]``).

The admin's "Add video" page shows the chunked uploader, whose completion checks the file; a
POST straight to wagtailmedia's view would otherwise store whatever was sent as a video.
"""

from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile
from wagtailmedia.forms import BaseMediaForm

from .errors import NotAVideo, ToolMissing
from .services.checks import check_uploaded_video


class LibraryMediaForm(BaseMediaForm):
    def clean_file(self):
        file = self.cleaned_data.get("file")
        # Only a newly posted file: an edit keeping its file is not read again. Anything but
        # audio is read (wagtailmedia's URL also takes a "media" type, which it never checks).
        if self.instance.type != "audio" and isinstance(file, UploadedFile):
            try:
                check_uploaded_video(file)
            except NotAVideo as error:
                raise forms.ValidationError(error.message) from error
            except ToolMissing as error:  # its message names the tool, not for editors
                raise forms.ValidationError(ToolMissing.default_message) from error
        return file
