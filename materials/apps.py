from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MaterialsConfig(AppConfig):
    name = "materials"
    verbose_name = _("Members' materials")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_save, pre_delete
        from wagtail.signals import (
            page_published,
            page_unpublished,
            workflow_approved,
            workflow_rejected,
        )

        from videos import uploaders

        from . import permissions, signals
        from .models import MaterialIndexPage, MaterialPage

        # Members who may publish materials upload their videos through the same pipeline.
        uploaders.register(permissions.can_publish_materials)
        page_published.connect(
            signals.material_published, sender=MaterialPage, dispatch_uid="materials.published"
        )
        page_unpublished.connect(
            signals.material_unpublished, sender=MaterialPage, dispatch_uid="materials.unpublished"
        )
        pre_delete.connect(
            signals.material_deleted, sender=MaterialPage, dispatch_uid="materials.deleted"
        )
        workflow_approved.connect(signals.workflow_approved, dispatch_uid="materials.approved")
        workflow_rejected.connect(signals.workflow_rejected, dispatch_uid="materials.rejected")
        post_save.connect(
            signals.index_saved, sender=MaterialIndexPage, dispatch_uid="materials.index_saved"
        )
