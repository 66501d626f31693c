"""Path converters that refuse what the database cannot take, so a bad URL is a 404, not a 500.

A NUL byte in a path segment reached PostgreSQL (which refuses NUL in text) and a 25-digit id
overflowed SQLite's 64-bit integers: both ended in a 500 for anyone who typed them.
"""

from django.urls import register_converter


class SafeStringConverter:
    """Like ``str``, but without NUL or other control characters."""

    regex = r"[^/\x00-\x1f\x7f]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class IdConverter:
    """A positive database id that fits a 64-bit integer (at most 18 digits)."""

    regex = r"[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(SafeStringConverter, "safe")
register_converter(IdConverter, "id")
