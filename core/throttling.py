"""DRF throttles that find the client as every other limit does (``core.client_ip``)."""

from rest_framework import throttling

from .client_ip import client_ip


class ClientIPMixin:
    def get_ident(self, request) -> str:
        return client_ip(request)


class ScopedRateThrottle(ClientIPMixin, throttling.ScopedRateThrottle):
    pass
