"""Under the production settings every cookie the site sets is Secure and SameSite."""

import json

from .test_settings import PRODUCTION_ENV, run_manage

# Runs inside `manage.py shell` with the production settings: the real middleware and views.
SCRIPT = """
import json
from django.test import Client
client = Client(HTTP_HOST="ustat.example")
found = {}
switched = client.post("/i18n/setlang/", {"language": "en", "next": "/en/"}, secure=True)
found["switch"] = dict(switched.cookies["django_language"].items())
visited = client.get("/ru/jsi18n/", secure=True)
found["visit"] = dict(visited.cookies["django_language"].items())
print("COOKIES=" + json.dumps(found))
"""


def test_the_language_cookie_is_secure_same_site_and_http_only():
    result = run_manage("shell", "-c", SCRIPT, env_overrides=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    line = next(line for line in result.stdout.splitlines() if line.startswith("COOKIES="))
    # Set by the language switch and by visiting a page in another language.
    for how, cookie in json.loads(line.removeprefix("COOKIES=")).items():
        assert cookie["secure"] is True, how
        assert cookie["samesite"] == "Lax", how
        assert cookie["httponly"] is True, how
