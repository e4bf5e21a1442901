"""Images a report may show: PNG, JPEG or GIF files inside the artifacts folder, read without following links."""

import base64
import errno
import os
import stat

MAX_IMAGE_BYTES = 20 * 1024 * 1024
SIGNATURES = ((b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"), (b"GIF87a", "image/gif"),
              (b"GIF89a", "image/gif"))


class ImageRefused(Exception):
    """Why an image reference is not shown (the document says so in its place)."""


def _relative_parts(src):
    if not src or ":" in src.split("/")[0] or src.startswith(("/", "\\")) or "\\" in src:
        raise ImageRefused(f"{src!r} is not a relative path inside the artifacts folder")
    parts = [p for p in src.split("?")[0].split("#")[0].split("/") if p not in ("", ".")]
    if not parts or ".." in parts:
        raise ImageRefused(f"{src!r} leaves the artifacts folder")
    return parts


def read_image(artifacts_dir, src):
    """(bytes, mime type) of an image, opened component by component with O_NOFOLLOW: no symlink is followed."""
    parts = _relative_parts(src)
    flags_dir = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(artifacts_dir, os.O_RDONLY | os.O_DIRECTORY | getattr(os, "O_CLOEXEC", 0))
    try:
        for part in parts[:-1]:
            next_fd = os.open(part, flags_dir, dir_fd=fd)
            os.close(fd)
            fd = next_fd
        try:
            file_fd = os.open(parts[-1], os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0), dir_fd=fd)
        except OSError as err:
            if err.errno == errno.ELOOP:
                raise ImageRefused(f"{src!r} is a symbolic link") from err
            raise ImageRefused(f"{src!r} does not exist in the artifacts folder") from err
    except OSError as err:
        raise ImageRefused(f"{src!r} does not exist in the artifacts folder") from err
    finally:
        os.close(fd)
    if not stat.S_ISREG(os.fstat(file_fd).st_mode):
        os.close(file_fd)
        raise ImageRefused(f"{src!r} is not a regular file")
    with os.fdopen(file_fd, "rb") as f:
        data = f.read(MAX_IMAGE_BYTES + 1)
    if len(data) > MAX_IMAGE_BYTES:
        raise ImageRefused(f"{src!r} is larger than {MAX_IMAGE_BYTES} bytes")
    for signature, mime in SIGNATURES:
        if data.startswith(signature):
            return data, mime
    raise ImageRefused(f"{src!r} is not a PNG, JPEG or GIF image")


def data_uri(data, mime):
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def png_size(data):
    """(width, height) in pixels of a PNG, or None for another format."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    return None
