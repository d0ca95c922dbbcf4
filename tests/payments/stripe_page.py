"""Stripe's hosted Checkout page for browser tests, beside FakeStripe's API.

GET /c/pay/<session> shows the amount and a "Pay" button; its POST completes the session
(``FakeStripe.pay``), delivers the signed ``checkout.session.completed`` webhook to
``webhook_url`` (the live server's endpoint) and sends the buyer to the session's
success_url, with Stripe's {CHECKOUT_SESSION_ID} filled in, as Stripe does.
"""

from __future__ import annotations

import html
import json
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .conftest import FakeStripe, make_event, sign


class StripePage:
    def __init__(self, stripe: FakeStripe, webhook_url: str) -> None:
        self.stripe = stripe
        self.webhook_url = webhook_url
        page = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                session = page.stripe.sessions.get(self.path.rsplit("/", 1)[-1])
                if session is None:
                    self.send_error(404)
                    return
                amount = f"{session['amount_total'] / 100:.2f} {session['currency'].upper()}"
                body = (
                    '<!doctype html><html lang="en"><head><meta charset="utf-8">'
                    "<title>Stripe Checkout</title></head><body><main>"
                    f"<h1>Pay {html.escape(amount)}</h1>"
                    f'<form method="post"><button type="submit">Pay {html.escape(amount)}'
                    "</button></form></main></body></html>"
                ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self) -> None:
                session_id = self.path.rsplit("/", 1)[-1]
                session = page.stripe.pay(session_id)
                payload = json.dumps(make_event("checkout.session.completed", session))
                request = urllib.request.Request(  # noqa: S310 (the live server's http:// address)
                    page.webhook_url,
                    data=payload.encode(),
                    headers={"Content-Type": "application/json", "Stripe-Signature": sign(payload)},
                )
                urllib.request.urlopen(request, timeout=30).close()  # noqa: S310
                self.send_response(303)
                target = session["success_url"].replace("{CHECKOUT_SESSION_ID}", session_id)
                self.send_header("Location", target)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def __enter__(self) -> StripePage:
        host, port = self.server.server_address[:2]
        self.stripe.page_base = f"http://{host}:{port}"
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
