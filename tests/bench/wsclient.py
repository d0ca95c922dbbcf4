"""A small asyncio WebSocket client (RFC 6455) for the benches: text frames, close, ping.

The project ships no WebSocket client library (daphne brings a server; `websockets` is not
installed), and a bench needs little: connect with a few headers, send small text frames
(masked, as a client must), read text frames, answer the server's pings. No extensions (no
compression) are offered, so the server sends plain frames.
"""

from __future__ import annotations

import asyncio
import base64
import os
import struct

TEXT, BINARY, CLOSE, PING, PONG, CONTINUATION = 0x1, 0x2, 0x8, 0x9, 0xA, 0x0


class HandshakeRefused(Exception):
    pass


class Closed(Exception):
    def __init__(self, code: int | None) -> None:
        super().__init__(f"closed by the server (code {code})")
        self.code = code


class WebSocket:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @classmethod
    async def connect(
        cls, host: str, port: int, path: str, headers: dict[str, str] | None = None
    ) -> WebSocket:
        reader, writer = await asyncio.open_connection(host, port, limit=2**22)
        key = base64.b64encode(os.urandom(16)).decode()
        lines = [
            f"GET {path} HTTP/1.1",
            f"Host: {host}:{port}",
            "Upgrade: websocket",
            "Connection: Upgrade",
            f"Sec-WebSocket-Key: {key}",
            "Sec-WebSocket-Version: 13",
            *(f"{name}: {value}" for name, value in (headers or {}).items()),
        ]
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        head = await reader.readuntil(b"\r\n\r\n")
        status = head.split(b"\r\n", 1)[0]
        if b" 101 " not in status + b" ":
            writer.close()
            raise HandshakeRefused(status.decode("latin-1"))
        return cls(reader, writer)

    def _frame(self, opcode: int, data: bytes) -> None:
        size = len(data)
        if size < 126:
            header = struct.pack("!BB", 0x80 | opcode, 0x80 | size)
        elif size < 2**16:
            header = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, size)
        else:
            header = struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, size)
        mask = os.urandom(4)
        # XOR with the repeated mask as one big integer: fast enough for small frames.
        repeated = (mask * (size // 4 + 1))[:size]
        masked = (int.from_bytes(data, "big") ^ int.from_bytes(repeated, "big")).to_bytes(
            size, "big"
        )
        self.writer.write(header + mask + masked)

    async def send(self, text: str) -> None:
        self._frame(TEXT, text.encode())
        await self.writer.drain()

    async def receive(self) -> str:
        """The next text (or binary) message; answers pings on the way; Closed at the end."""
        parts: list[bytes] = []
        while True:
            first, second = await self.reader.readexactly(2)
            opcode, size = first & 0x0F, second & 0x7F
            if size == 126:
                (size,) = struct.unpack("!H", await self.reader.readexactly(2))
            elif size == 127:
                (size,) = struct.unpack("!Q", await self.reader.readexactly(8))
            mask = await self.reader.readexactly(4) if second & 0x80 else None
            data = await self.reader.readexactly(size) if size else b""
            if mask:  # servers do not mask; accepted anyway
                data = bytes(b ^ mask[i % 4] for i, b in enumerate(data))
            if opcode == CLOSE:
                code = struct.unpack("!H", data[:2])[0] if len(data) >= 2 else None
                raise Closed(code)
            if opcode == PING:
                self._frame(PONG, data)
                continue
            if opcode == PONG:
                continue
            parts.append(data)
            if first & 0x80:  # FIN: the message is complete
                return b"".join(parts).decode()

    async def close(self) -> None:
        try:
            self._frame(CLOSE, struct.pack("!H", 1000))
            await self.writer.drain()
        except (ConnectionError, RuntimeError):
            pass
        self.writer.close()
