"""Captions in the Wagtail admin (Media → Captions): editors attach WebVTT files to a library
video. Whoever may change a video in the media library may manage its captions; the list can
be narrowed to one video (``?media=<id>``)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry, register_permission_policy
from wagtailmedia.widgets import AdminVideoChooser

from courses.models import CourseMedia

from .models import CaptionTrack


class CaptionPermissionPolicy(ModelPermissionPolicy):
    """The media library's "change" decides, for the list and for each video's tracks."""

    def _media_policy(self):
        return policy_registry.get_by_type(CourseMedia)

    def user_has_permission(self, user, action):
        return self._media_policy().user_has_any_permission(user, {"add", "change"})

    def user_has_permission_for_instance(self, user, action, instance):
        return instance.media.is_editable_by_user(user)

    def instances_user_has_permission_for(self, user, action):
        editable = self._media_policy().instances_user_has_permission_for(user, "change")
        return CaptionTrack.objects.filter(media__in=editable)


caption_permission_policy = CaptionPermissionPolicy(CaptionTrack)
register_permission_policy(CaptionTrack, caption_permission_policy)


class CaptionFilterSet(WagtailFilterSet):
    media = django_filters.ModelChoiceFilter(
        queryset=CourseMedia.objects.filter(type="video"), label=gettext_lazy("Video")
    )

    class Meta:
        model = CaptionTrack
        fields = ["media", "language"]


class CaptionViewSet(ModelViewSet):
    model = CaptionTrack
    url_prefix = "video-captions"
    url_namespace = "video_captions"
    icon = "media"
    menu_label = gettext_lazy("Captions")
    menu_order = 305
    add_to_admin_menu = True
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = False
    form_fields = ["media", "language", "label", "file", "is_default"]
    form_widgets = {"media": AdminVideoChooser}
    list_display = ["label", "language", "media", "is_default", "created_at"]
    filterset_class = CaptionFilterSet
    search_fields = ["label", "language", "media__title"]
    search_backend_name = None


caption_viewset = CaptionViewSet("video_captions")
