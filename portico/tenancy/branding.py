"""The firm's face: its logo (checked, shrunk and re-encoded) and where its logo and accent
colour are served. The colour rules themselves are the design system's (design/colour.py)."""

from __future__ import annotations

import hashlib
import io

from django.core.files.base import ContentFile

from design.colour import DEFAULT_ACCENT, accent_on_dark, accent_problem, theme_css

__all__ = ["DEFAULT_ACCENT", "accent_on_dark", "accent_problem", "theme_css"]

LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_MAX_SIDE = 512  # pixels; a header shows it at most 48 px high
LOGO_FORMATS = {"PNG", "JPEG", "WEBP", "GIF"}


def theme_version(accent: str) -> str:
    return hashlib.sha256(accent.encode()).hexdigest()[:12]


class LogoProblem(ValueError):
    pass


def prepared_logo(upload) -> ContentFile:
    """The uploaded logo, checked to be a real PNG, JPEG, WebP or GIF image of at most 2 MB,
    shrunk to fit 512 px and re-encoded as PNG (which also drops anything hidden in it)."""
    from PIL import Image, UnidentifiedImageError

    if upload.size > LOGO_MAX_BYTES:
        raise LogoProblem("The logo is larger than 2 MB. Save it smaller and upload it again.")
    data = upload.read()
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind, (width, height) = probe.format, probe.size
            if width * height > 40_000_000:
                raise LogoProblem("The logo is too large. Upload one under 5,000 pixels wide.")
            probe.verify()
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise LogoProblem(
            "That file is not an image we can use. Upload the logo as a PNG, JPEG, WebP or GIF."
        ) from error
    if kind not in LOGO_FORMATS:
        raise LogoProblem("Upload the logo as a PNG, JPEG, WebP or GIF (SVG is not accepted).")
    if image.width < 16 or image.height < 16:
        raise LogoProblem("The logo is too small to read. Upload one at least 16 pixels high.")
    image = image.convert("RGBA")
    image.thumbnail((LOGO_MAX_SIDE, LOGO_MAX_SIDE))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return ContentFile(out.getvalue(), name="logo.png")


def theme_url(firm) -> str:
    from django.urls import reverse

    return reverse("brand:theme", args=[firm.id]) + f"?v={theme_version(firm.accent)}"


def logo_url(firm, *, absolute: bool = False) -> str:
    """Where the firm's logo is served ("" if it has none); absolute for emails and the
    identity service."""
    if not firm.logo:
        return ""
    from django.conf import settings
    from django.urls import reverse

    version = hashlib.sha256(firm.logo.name.encode()).hexdigest()[:12]
    path = reverse("brand:logo", args=[firm.id]) + f"?v={version}"
    return settings.PORTICO_BASE_URL + path if absolute else path


def firm_sender(firm) -> str:
    """The From of the practice app's emails to the firm's clients: the firm's name (or the
    name its partners chose) at Portico's sending address."""
    from email.utils import formataddr, parseaddr

    from django.conf import settings

    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return formataddr((firm.sender_name, address))
