"""The OpenAPI schema's own rules: what is documented, and the error answers of every operation.

``AutoSchema`` (DEFAULT_SCHEMA_CLASS) adds to each operation the errors it can answer, all in
the one body shape of ``api.exceptions``: ``Error`` (``{"detail", "code"}``) and, for 400,
``ValidationError`` (``{field: [message, …]}``; nested serializers nest). Which errors:

- 400 for changes (POST, PUT, PATCH, DELETE) and operations with query parameters;
- 401 when the view names an authentication scheme (a missing, expired or wrong token or
  credentials);
- 403 when the view needs more than "anyone", or takes a session's unsafe request (CSRF);
- 404 for operations with path parameters, and paginated lists (a page past the end);
  an address under /api/ that names nothing answers it too (``api.exceptions.not_found``);
- 409 for changes by signed-in people (the state refuses it: a clash, already done, …);
- 429 for throttled views, with ``Retry-After``.

A view's own declaration of a status (``extend_schema(responses=…)``) wins; one without a
body gets the error shape.
"""

from drf_spectacular import openapi
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import permissions, serializers
from rest_framework.authentication import SessionAuthentication

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}

ERROR = {
    "type": "object",
    "description": "An error: a human message (translated) and a machine code.",
    "properties": {
        "detail": {"type": "string"},
        "code": {"type": "string", "example": "not_found"},
    },
    "required": ["detail", "code"],
}
MESSAGES = {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "object"}]}}
VALIDATION_ERROR = {
    "type": "object",
    "description": "Refused input: each field (or non_field_errors) with its messages; the "
    "errors of a nested object or list nest the same way.",
    "additionalProperties": {"anyOf": [MESSAGES, {"type": "object"}]},
    "example": {"title": ["This field is required."]},
}

DESCRIPTIONS = {
    "400": "The input was refused (field errors, or a detail and code).",
    "401": "Not signed in, or the token is missing, expired or malformed.",
    "403": "Signed in but not allowed (or a session request without its CSRF token).",
    "404": "No such object, or not one this person may see.",
    "409": "The current state refuses the change.",
    "429": "Too many requests; Retry-After says when to try again.",
}
RETRY_AFTER = {
    "Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait."},
}


WALL_CLOCK_TIME = r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?$"


def _decimal_string_or_number(field: serializers.DecimalField, schema: dict) -> None:
    """A decimal is answered as a string ("990.00") but read from a string or a JSON number."""
    as_string = {key: schema.pop(key) for key in ("type", "format", "pattern") if key in schema}
    as_number = {"type": "number"}
    if field.min_value is not None:
        as_number["minimum"] = float(field.min_value)
        if field.min_value >= 0 and as_string.get("pattern", "").startswith("^-?"):
            as_string["pattern"] = "^" + as_string["pattern"][3:]  # no minus sign
    if field.max_value is not None:
        as_number["maximum"] = float(field.max_value)
    schema["anyOf"] = [as_string, as_number]


def public_api_only(endpoints, **kwargs):
    """Document /api/ only: Wagtail's admin uses DRF internally, which is not our API."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/")]


class AutoSchema(openapi.AutoSchema):
    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        responses = operation["responses"]
        for status in self._error_statuses(operation):
            responses.setdefault(status, {"description": DESCRIPTIONS[status]})
        for status, response in responses.items():
            if status[0] in "45" and "content" not in response:
                self._add_error_body(status, response)
        return operation

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if isinstance(field, serializers.TimeField) and schema.get("format") == "time":
            # A wall-clock time (a rule's 10:00 in its own zone) has no offset, which the
            # "time" format demands.
            del schema["format"]
            schema.update(pattern=WALL_CLOCK_TIME, example="10:00:00")
        return schema

    def _map_basic_serializer(self, serializer, direction):
        self._direction = direction
        return super()._map_basic_serializer(serializer, direction)

    def _insert_field_validators(self, field, schema):
        super()._insert_field_validators(field, schema)
        request = getattr(self, "_direction", None) == "request"
        if (
            isinstance(field, serializers.DecimalField)
            and request
            and schema.get("type") == "string"
        ):
            _decimal_string_or_number(field, schema)
        unicode_slug = isinstance(field, serializers.SlugField) and field.allow_unicode
        if unicode_slug and getattr(self, "_direction", None) == "response":
            # A page's slug is Python's ``[-\w]+``: letters of any script, which the schema's
            # regex dialect (``\w`` is ASCII there) cannot say; Cyrillic slugs were refused.
            schema.pop("pattern", None)
            schema.setdefault("description", "Letters of any script, digits, - and _.")

    def _error_statuses(self, operation: dict) -> list[str]:
        parameters = operation.get("parameters", [])
        unsafe = self.method not in SAFE_METHODS
        statuses = []
        if unsafe or any(p["in"] == "query" for p in parameters):
            statuses.append("400")
        authenticators = self.view.get_authenticators()
        # DRF answers 401 (not 403) exactly when the view names an authentication scheme.
        if self.view.get_authenticate_header(self.view.request):
            statuses.append("401")
        anyone = all(isinstance(p, permissions.AllowAny) for p in self.view.get_permissions())
        session = any(isinstance(a, SessionAuthentication) for a in authenticators)
        if not anyone or (unsafe and session):
            statuses.append("403")
        paginated = any(p["in"] == "query" and p["name"] == "page" for p in parameters)
        if paginated or any(p["in"] == "path" for p in parameters):
            statuses.append("404")
        if unsafe and not anyone:
            statuses.append("409")
        if self.view.get_throttles():
            statuses.append("429")
        return statuses

    def _add_error_body(self, status: str, response: dict) -> None:
        error = self._component("Error", ERROR)
        schema = error
        if status == "400":
            schema = {"anyOf": [error, self._component("ValidationError", VALIDATION_ERROR)]}
        response["content"] = {"application/json": {"schema": schema}}
        response.setdefault("description", DESCRIPTIONS.get(status, ""))
        if status in {"429", "503"}:
            response.setdefault("headers", RETRY_AFTER)

    def _component(self, name: str, schema: dict) -> dict:
        component = ResolvedComponent(
            name=name, type=ResolvedComponent.SCHEMA, object=name, schema=schema
        )
        self.registry.register_on_missing(component)
        return component.ref
