from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "API"

    def ready(self):
        from rest_framework import fields  # DRF needs the app registry

        lenient = fields.CharField.to_internal_value

        def to_internal_value(field, data):
            # A JSON number is not a string: DRF took {"phone": 0} for "0", which the schema
            # (type string) refuses. Form and query values are strings, so only JSON changes.
            if isinstance(data, int | float) and not isinstance(data, bool):
                field.fail("invalid")
            return lenient(field, data)

        fields.CharField.to_internal_value = to_internal_value
