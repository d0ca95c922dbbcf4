"""The API's operations are the ones it had before its wiring moved into the apps (issue 10).

`openapi_operations.json` lists them as "METHOD /path" (with the two webhooks, once each).
A new endpoint is added to the file in the change that adds it; nothing may vanish unnoticed.
"""

import json
from pathlib import Path

from drf_spectacular.generators import SchemaGenerator

METHODS = {"get", "post", "put", "patch", "delete"}


def test_the_schema_has_exactly_the_recorded_operations():
    schema = SchemaGenerator(urlconf="portal.urls").get_schema(request=None, public=True)
    operations = sorted(
        f"{method.upper()} {path}"
        for path, item in schema["paths"].items()
        for method in item
        if method in METHODS
    )
    recorded = json.loads((Path(__file__).parent / "openapi_operations.json").read_text())
    assert operations == recorded


def test_the_api_root_lists_the_main_collections(api_client, student):
    api_client.force_authenticate(student)
    response = api_client.get("/api/")
    assert response.status_code == 200
    assert response.json() == {
        "users/certificates": "http://testserver/api/users/certificates/",
        "users": "http://testserver/api/users/",
        "courses": "http://testserver/api/courses/",
        "categories": "http://testserver/api/categories/",
        "tutors": "http://testserver/api/tutors/",
        "blog/posts": "http://testserver/api/blog/posts/",
    }
