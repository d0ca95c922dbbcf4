"""compose.yaml, the Dockerfile and the nginx config are checked here, since no container engine
runs on this machine: every command names a real entry point, every COPY source exists, every
variable passed to the portal is one its settings read."""

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.core.management import get_commands

from portal import env_docs

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text())
SERVICES = COMPOSE["services"]
# The portal's own processes: built from the Dockerfile.
APP = sorted(name for name, service in SERVICES.items() if "build" in service)
# Passed to the portal's containers but read by something other than the settings.
READ_ELSEWHERE = {
    "DJANGO_SETTINGS_MODULE": "Django (which settings module)",
    "AWS_ACCESS_KEY_ID": "boto3 (S3 credentials)",
    "AWS_SECRET_ACCESS_KEY": "boto3 (S3 credentials)",
    "WEB_CONCURRENCY": "gunicorn (deploy/gunicorn.conf.py)",
    "PROMETHEUS_MULTIPROC_DIR": "prometheus_client (every process's counters, summed)",
}
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "portal.settings.production",
    "DJANGO_SECRET_KEY": "compose-check-" + "x" * 40,
    "DJANGO_ALLOWED_HOSTS": "localhost",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "DATABASE_URL": "sqlite:////tmp/ustat-compose-check.sqlite3",
}


def command(service: str) -> list[str]:
    value = SERVICES[service].get("command")
    return value if isinstance(value, list) else shlex.split(value)


def python(code: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, **PRODUCTION},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_topology_has_every_process_and_service():
    assert {"web", "asgi", "worker", "beat", "migrate"} <= set(APP)
    assert {"db", "redis", "minio", "proxy", "opensearch"} <= set(SERVICES)
    assert SERVICES["opensearch"]["profiles"] == ["search"]
    # One beat, ever; the app waits for migrations and healthy stores.
    assert "deploy" not in SERVICES["beat"] and "scale" not in SERVICES["beat"]
    for name in ("web", "asgi", "worker", "beat"):
        deps = SERVICES[name]["depends_on"]
        assert deps["migrate"]["condition"] == "service_completed_successfully"
        assert deps["db"]["condition"] == "service_healthy"


def test_web_and_asgi_commands_load_their_applications():
    gunicorn = command("web")
    assert gunicorn[0] == "gunicorn"
    config = gunicorn[gunicorn.index("--config") + 1]
    assert (ROOT / config).is_file()
    app = next(arg for arg in gunicorn[1:] if ":" in arg)
    # gunicorn itself loads the config and the application, with the production settings.
    check = subprocess.run(
        [str(Path(sys.executable).parent / "gunicorn"), "--check-config", "-c", config, app],
        cwd=ROOT,
        env={**os.environ, **PRODUCTION},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.returncode == 0, check.stdout + check.stderr

    daphne = command("asgi")
    assert daphne[0] == "daphne"
    module, attr = daphne[-1].split(":")
    loaded = python(f"import {module}; print(type({module}.{attr}).__name__)")
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.strip() == "ProtocolTypeRouter"


def test_celery_commands_name_the_project_app():
    for name, kind in (("worker", "worker"), ("beat", "beat")):
        argv = command(name)
        assert argv[:4] == ["celery", "-A", "portal", kind]
    loaded = python("import portal; print(portal.celery_app.main)")
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.strip() == "portal"
    # beat writes its schedule where the image lets its user write (Dockerfile: var/).
    schedule = next(a for a in command("beat") if a.startswith("--schedule="))
    assert schedule.split("=", 1)[1].startswith("/app/var/")


def test_migrate_runs_existing_management_commands():
    script = command("migrate")[-1]
    names = re.findall(r"manage\.py (\S+)", script)
    assert names == ["migrate", "grant_tutor_tools"]
    assert set(names) <= set(get_commands())


def test_every_executable_comes_from_the_requirements():
    bin_dir = Path(sys.executable).parent
    for name in APP:
        executable = command(name)[0]
        if executable in {"sh", "python"}:
            continue
        assert (bin_dir / executable).exists(), f"{name}: {executable} is not installed"


def test_every_variable_passed_to_the_portal_is_read_by_its_settings():
    read = {v.name for v in env_docs.read_variables()}
    required = {
        v.name for v in env_docs.read_variables() if v.defaults.get("production.py", "") is None
    }
    for name in APP:
        environment = SERVICES[name]["environment"]
        unknown = set(environment) - read - set(READ_ELSEWHERE)
        assert not unknown, f"{name} sets variables nothing reads: {sorted(unknown)}"
        assert required <= set(environment), f"{name} misses {sorted(required - set(environment))}"
        assert environment["DJANGO_SETTINGS_MODULE"] == "portal.settings.production"


def test_the_example_env_file_fills_variables_compose_uses():
    used = set(re.findall(r"\$\{(\w+)", (ROOT / "compose.yaml").read_text()))
    example = (ROOT / "deploy" / "compose.env.example").read_text()
    keys = set(re.findall(r"^#? ?([A-Z_]+)=", example, flags=re.MULTILINE))
    assert keys and keys <= used, sorted(keys - used)
    # The secrets compose insists on are in it (and empty: nothing secret is committed).
    required = set(re.findall(r"\$\{(\w+):\?", (ROOT / "compose.yaml").read_text()))
    for key in required:
        assert re.search(rf"^{key}=$", example, flags=re.MULTILINE), key


def dockerfile() -> list[str]:
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def dockerignored() -> list[str]:
    lines = (ROOT / ".dockerignore").read_text().splitlines()
    return [line for line in lines if line and not line.startswith("#")]


def test_dockerfile_copies_only_what_exists_and_runs_as_its_own_user():
    lines = dockerfile()
    stages = [m.group(1) for line in lines if (m := re.match(r"FROM \S+ AS (\w+)", line))]
    assert stages == ["static", "python", "runtime"]
    ignored = dockerignored()
    for line in lines:
        if not line.startswith("COPY"):
            continue
        args = line.split()[1:]
        origin = next((a.split("=", 1)[1] for a in args if a.startswith("--from=")), None)
        *sources, _dest = [a for a in args if not a.startswith("--")]
        if origin:
            assert origin in stages, line
            continue
        for source in sources:
            assert (ROOT / source).exists(), f"{line}: {source} does not exist"
            assert source == "." or source not in ignored, f"{source} is in .dockerignore"
    user = [line.split()[1] for line in lines if line.startswith("USER")]
    assert user == ["ustat"]
    # ffmpeg for the video pipeline; the front-end bundles the site links to.
    assert any("ffmpeg" in line for line in lines)
    assert "sh scripts/build_static.sh --no-install" in "\n".join(lines)
    health = next(line for line in lines if line.startswith("HEALTHCHECK"))
    assert (ROOT / re.search(r"scripts/\S+\.py", health).group(0)).is_file()
    cmd = next(line for line in lines if line.startswith("CMD"))
    assert cmd.endswith('"portal.wsgi:application", "--config", "deploy/gunicorn.conf.py"]')


@pytest.mark.parametrize("kept", ["portal/static/vendor", "var", ".venv", ".env", "node_modules"])
def test_dockerignore_keeps_local_state_out_of_the_image(kept):
    assert kept in dockerignored()


def test_nginx_sends_sockets_to_asgi_and_the_rest_to_web():
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    upstreams = dict(re.findall(r"upstream (\w+) \{\s*(?:#.*\n\s*)*server (\S+);", conf))
    for address in upstreams.values():
        host, port = address.split(":")
        assert host in SERVICES and port in SERVICES[host]["expose"], address
    locations = dict(re.findall(r"location (\S+) \{[^}]*?proxy_pass http://(\w+);", conf))
    assert upstreams[locations["/ws/"]] == "asgi:8001"
    assert upstreams[locations["/"]] == "web:8000"
    ws = conf.split("location /ws/", 1)[1].split("}", 1)[0]
    assert "proxy_set_header Upgrade $http_upgrade;" in ws
    volume = SERVICES["proxy"]["volumes"][0].split(":")[0]
    assert (ROOT / volume).resolve() == ROOT / "deploy" / "nginx.conf"


def test_make_up_starts_the_compose_file():
    makefile = (ROOT / "Makefile").read_text()
    recipe = makefile.split("\nup:", 1)[1].split("\n\n", 1)[0]
    assert "up -d --build" in recipe


def default(value: str) -> str:
    """A compose value with its ${VAR:-default} parts replaced by their defaults."""
    return re.sub(r"\$\{\w+:-([^}]*)\}", r"\1", value)


def test_the_browser_may_reach_the_bucket_the_signed_links_point_at():
    environment = SERVICES["web"]["environment"]
    endpoint = default(environment["AWS_S3_ENDPOINT_URL"])
    csp = {
        name: default(environment[name])
        for name in ("CSP_IMG_SRC", "CSP_MEDIA_SRC", "CSP_CONNECT_SRC")
    }
    assert set(csp.values()) == {endpoint}
    code = (
        "import json; from portal.settings import production as s; "
        "print(json.dumps(s.CONTENT_SECURITY_POLICY['DIRECTIVES']))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, **PRODUCTION, **csp},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert loaded.returncode == 0, loaded.stderr
    directives = yaml.safe_load(loaded.stdout)
    for directive in ("img-src", "media-src", "connect-src"):
        assert endpoint in directives[directive], directive
