"""Sending a stored file through a view, with byte ranges so a video can seek and resume.

Django's ``FileResponse`` always sends the whole file; browsers ask for ``Range: bytes=…``
when a video is seeked (Safari refuses to play a video whose server ignores ranges). One
range per request is answered with 206; several ranges, or none, get the whole file (which
HTTP allows); a range past the end gets 416.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from django.core.files.storage import Storage
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header

_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
_CHUNK = 64 * 1024


def _read(handle, length: int) -> Iterator[bytes]:
    try:
        while length > 0:
            data = handle.read(min(_CHUNK, length))
            if not data:
                break
            length -= len(data)
            yield data
    finally:
        handle.close()


def _byte_range(header: str, size: int) -> tuple[int, int] | None | bool:
    """(first, last) of a single satisfiable range; None for "send it all"; False for 416."""
    match = _RANGE.match(header.strip())
    if not match or not (match[1] or match[2]):
        return None
    if not match[1]:  # "bytes=-500": the last 500 bytes
        suffix = int(match[2])
        return (max(0, size - suffix), size - 1) if suffix and size else False
    first = int(match[1])
    last = min(int(match[2]), size - 1) if match[2] else size - 1
    return (first, last) if first <= last else False


def stream_file(
    request: HttpRequest,
    storage: Storage,
    name: str,
    *,
    content_type: str,
    filename: str,
    as_attachment: bool = False,
) -> HttpResponse:
    """The stored file ``name`` as a response; raises FileNotFoundError when it is missing."""
    size = storage.size(name)
    handle = storage.open(name, "rb")
    wanted = _byte_range(request.headers.get("Range", ""), size)
    if wanted is None:
        response = FileResponse(
            handle, content_type=content_type, as_attachment=as_attachment, filename=filename
        )
        response["Content-Length"] = str(size)
    elif wanted is False:
        handle.close()
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
    else:
        first, last = wanted
        handle.seek(first)
        response = StreamingHttpResponse(
            _read(handle, last - first + 1), status=206, content_type=content_type
        )
        response["Content-Length"] = str(last - first + 1)
        response["Content-Range"] = f"bytes {first}-{last}/{size}"
        response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    response["Accept-Ranges"] = "bytes"
    return response
