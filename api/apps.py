from django.apps import AppConfig


def _refuse_json_numbers(field_class) -> None:
    """A JSON number is neither a string nor a boolean: DRF took {"phone": 0} for "0" and
    {"publish": 0} for false, which the schema (string, boolean) refuses. Form and query
    values are always strings, so only JSON bodies see the difference."""
    lenient = field_class.to_internal_value

    def to_internal_value(field, data):
        if isinstance(data, int | float) and not isinstance(data, bool):
            field.fail("invalid")
        return lenient(field, data)

    field_class.to_internal_value = to_internal_value


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "API"

    def ready(self):
        from rest_framework import fields  # DRF needs the app registry

        _refuse_json_numbers(fields.CharField)
        _refuse_json_numbers(fields.BooleanField)
