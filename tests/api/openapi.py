"""Checking a test client's answer against the API's own OpenAPI schema (schemathesis)."""

import requests
import schemathesis
from drf_spectacular.generators import SchemaGenerator
from schemathesis.core.transport import Response


def raw_schema() -> dict:
    """The schema the site serves, as a dict."""
    return SchemaGenerator(urlconf="portal.urls").get_schema(request=None, public=True)


def load(raw: dict | None = None):
    return schemathesis.openapi.from_dict(raw if raw is not None else raw_schema())


def conforms(schema, method: str, path: str, response) -> dict | list | None:
    """Validate a Django test response against the operation ``method path`` of the schema;
    returns its JSON."""
    prepared = requests.Request(method.upper(), f"http://testserver{response.request['PATH_INFO']}")
    answer = Response(
        status_code=response.status_code,
        headers={name: [value] for name, value in response.headers.items()},
        content=response.content,
        request=prepared.prepare(),
        elapsed=0.0,
        verify=True,
    )
    schema[path][method.upper()].validate_response(answer)
    return response.json() if response.content else None
