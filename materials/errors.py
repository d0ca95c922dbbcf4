from django.utils.translation import gettext_lazy as _

from core.errors import Invalid, NotAllowed, Unavailable


class MaterialNotAllowed(NotAllowed):
    code = "material_not_allowed"
    default_message = _("Confirm your e-mail address to publish materials.")


class MaterialInvalid(Invalid):
    code = "material_invalid"


class NoMaterialsSection(Unavailable):
    code = "no_materials_section"
    default_message = _("There is no materials section yet: an editor must create it first.")
