"""The contrast rules of the design system (WCAG 2.1), for the firm's accent colour.

The accent is used for buttons with white text and for links on white, so it must reach
AA (4.5:1) against the light theme's surfaces. Dark mode needs a lighter shade of the same
hue, derived rather than asked for: it must read on the dark theme's surfaces and carry the
dark text of its buttons, 4.5:1 each.
"""

from __future__ import annotations

import re

from coloraide import Color

DEFAULT_ACCENT = "#0f6b68"
AA = 4.5
LIGHT_SURFACES = ("#ffffff", "#f8f9fa")  # --pt-surface and --pt-bg of the light theme
DARK_SURFACES = ("#212529", "#16191d", "#0d0f12")  # the dark theme's surfaces
DARK_TEXT = "#030507"  # --pt-on-accent of the dark theme
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


def contrast(a: str, b: str) -> float:
    return Color(a).contrast(b, method="wcag21")


def accent_problem(value: str) -> str | None:
    """Why `value` cannot be an accent colour, in plain words; None if it can."""
    if not _HEX.match(value or ""):
        return "Enter the colour as # and six hexadecimal digits, e.g. #0f6b68."
    worst = min(contrast(value, surface) for surface in LIGHT_SURFACES)
    if worst < AA:
        return (
            f"{value} is too light: white text on it, and links in it, would be hard to read "
            f"(contrast {worst:.1f}:1, at least {AA}:1 is needed). Choose a darker shade."
        )
    return None


def accent_on_dark(value: str) -> str:
    """The same hue, lightened until it reads on the dark theme (4.5:1 against its surfaces
    and against the dark text on its buttons)."""
    colour = Color(value).convert("oklch")
    for _step in range(60):
        candidate = colour.clone().fit("srgb").convert("srgb").to_string(hex=True)
        worst = min(
            *(contrast(candidate, s) for s in DARK_SURFACES), contrast(candidate, DARK_TEXT)
        )
        if worst >= AA:
            return candidate
        colour["lightness"] = min(1.0, colour["lightness"] + 0.02)
    return "#ffffff"


def theme_css(accent: str) -> str:
    """The custom properties that give a page the accent (design/static/design/portico.css)."""
    return f":root {{ --pt-brand: {accent}; --pt-brand-on-dark: {accent_on_dark(accent)}; }}\n"
