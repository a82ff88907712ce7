"""Hex strings and bytes, for writing test data by hand (PS3.5 encodings spelt in hex)."""

from __future__ import annotations

from binascii import a2b_hex

__all__ = ["bytes2hex", "hex2bytes"]


def hex2bytes(hexstring: str | bytes) -> bytes:
    """The bytes of a string of hex pairs separated by spaces, such as
    ``"08 00 32 10 08 00 00 00"``; a ``TypeError`` for anything but ``str`` or ``bytes``."""
    if isinstance(hexstring, bytes):
        return a2b_hex(hexstring.replace(b" ", b""))
    if isinstance(hexstring, str):
        return a2b_hex(hexstring.replace(" ", "").encode("ascii"))
    raise TypeError("argument shall be bytes or string type")


def bytes2hex(byte_string: bytes) -> str:
    """``byte_string`` as lower-case hex pairs separated by spaces."""
    return " ".join(f"{byte:02x}" for byte in byte_string)
