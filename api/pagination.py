from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, pagination
from rest_framework.settings import api_settings


class PageNumberPagination(pagination.PageNumberPagination):
    """?page=N&page_size=M (more than 100 is cut to 100). A page_size that is not a positive
    whole number is a 400 naming it (it used to be ignored); a page past the end is a 404."""

    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None or raw == "":
            return self.page_size or api_settings.PAGE_SIZE
        if not raw.isascii() or not raw.isdigit() or int(raw) < 1:
            raise exceptions.ValidationError(
                {self.page_size_query_param: [_("Give a whole number from 1.")]}
            )
        return min(int(raw), self.max_page_size)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] in (self.page_size_query_param, self.page_query_param):
                parameter["schema"] = {"type": "integer", "minimum": 1}
        return parameters
