"""The processes of `make scale-demo`, each started with its own log and stopped by its own id:
nginx (TLS in front of two gunicorns), Celery workers and beat, and moto's S3 server.

nginx runs in the foreground (`daemon off`) as a child of the demo, with a configuration and
a self-signed certificate written to the demo's temporary folder, on a free port. Every
request reaches one of the two web servers in turn; a request carrying `X-Scale-Backend: a`
(or `b`) goes to that one only, so the demo can sign in on one and continue on the other
through the same origin (one Host, so one set of cookies and one page-cache key). Each answer
names the server that made it in `X-Upstream`.
"""

from __future__ import annotations

import contextlib
import datetime
import ipaddress
import shutil
import socket
import time
from pathlib import Path

from ..gunicorn import BIN, Gunicorn, free_port

NGINX = """\
daemon off;
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/nginx-error.log warn;
events {{ worker_connections 512; }}
http {{
    access_log {folder}/nginx-access.log;
    client_body_temp_path {folder}/client_body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    upstream web_both {{ server 127.0.0.1:{a}; server 127.0.0.1:{b}; }}
    upstream web_a {{ server 127.0.0.1:{a}; }}
    upstream web_b {{ server 127.0.0.1:{b}; }}
    map $http_x_scale_backend $backend {{ a web_a; b web_b; default web_both; }}
    server {{
        listen 127.0.0.1:{port} ssl;
        ssl_certificate {folder}/tls.crt;
        ssl_certificate_key {folder}/tls.key;
        client_max_body_size 20m;
        location / {{
            proxy_pass http://$backend;
            proxy_set_header Host $http_host;
            # TLS ends here: the site trusts this header (SECURE_PROXY_SSL_HEADER), so its
            # HTTPS redirect, secure cookies and HSTS work as deployed.
            proxy_set_header X-Forwarded-Proto https;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_read_timeout 120s;
            add_header X-Upstream $upstream_addr always;
        }}
    }}
}}
"""


def self_signed(folder: Path) -> Path:
    """A certificate for 127.0.0.1 (and its key) in folder; returns the certificate's path."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    (folder / "tls.key").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    path = folder / "tls.crt"
    path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return path


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else "")
    if not found:
        raise SystemExit("nginx is missing: run `bash scripts/system_tools.sh` (Debian's nginx)")
    return found


def wait_for_port(port: int, process, name: str, log: Path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{name} exited with {process.returncode}:\n{tail(log)}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
            return
        time.sleep(0.2)
    raise SystemExit(f"{name} did not listen on {port} within {timeout:g} s:\n{tail(log)}")


def tail(log: Path, lines: int = 30) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


class Nginx(Gunicorn):
    """Debian's nginx in the foreground with a generated configuration, TLS on a free port."""

    def __init__(self, folder: Path, backends: tuple[int, int], port: int | None = None) -> None:
        super().__init__({}, log=folder / "nginx.log", port=port)
        self.folder = folder
        self.certificate = self_signed(folder)
        a, b = backends
        self.conf = folder / "nginx.conf"
        self.conf.write_text(NGINX.format(folder=folder, a=a, b=b, port=self.port))

    @property
    def origin(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def command(self) -> list[str]:
        # -e: the error log before the configuration is read (the default is under /var/log).
        return [
            nginx_binary(),
            "-p",
            str(self.folder),
            "-c",
            str(self.conf),
            "-e",
            str(self.folder / "nginx-error.log"),
        ]

    def wait_ready(self, timeout: float = 30) -> None:
        wait_for_port(self.port, self.process, "nginx", self.folder / "nginx-error.log", timeout)


class Celery(Gunicorn):
    """`celery -A portal worker` (or `beat`): ready once its log says so."""

    def __init__(self, env: dict[str, str | None], log: Path, arguments: list[str]) -> None:
        super().__init__(env, log=log)
        self.arguments = arguments
        self.ready_marker = "ready." if arguments[0] == "worker" else "beat: Starting..."

    def command(self) -> list[str]:
        return [str(BIN / "celery"), "-A", "portal", *self.arguments, f"--logfile={self.log}"]

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"celery exited with {self.process.returncode}:\n{self.tail()}")
            with contextlib.suppress(OSError):
                if self.ready_marker in self.log.read_text(errors="replace"):
                    return
            time.sleep(0.3)
        raise SystemExit(f"celery {self.arguments[0]} not ready in {timeout:g} s:\n{self.tail()}")


class Moto(Gunicorn):
    """moto's S3 (and the rest of AWS) in server mode on a free port."""

    def command(self) -> list[str]:
        return [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(self.port)]

    def wait_ready(self, timeout: float = 30) -> None:
        wait_for_port(self.port, self.process, "moto_server", self.log, timeout)


__all__ = ["Celery", "Gunicorn", "Moto", "Nginx", "free_port"]
