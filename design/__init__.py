"""Portico's design system, shared by the practice app and the identity service: the
stylesheet and scripts (static/design/), the templates every page builds on
(templates/design/), and the colour rules a firm's accent must meet (colour.py)."""
