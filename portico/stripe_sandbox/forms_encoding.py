"""Stripe's form encoding read back: `line_items[0][price_data][currency]=usd` as nested data,
indexed keys as lists (the SDK's `_encode.py` writes arrays as `[0]`, `[1]`, ...)."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl

_PART = re.compile(r"\[([^\[\]]*)\]")


class EncodingError(ValueError):
    def __init__(self, message: str, param: str) -> None:
        super().__init__(message)
        self.param = param


def decode(body: str) -> dict:
    root: dict = {}
    for key, value in parse_qsl(body, keep_blank_values=True):
        head, _, rest = key.partition("[")
        parts = [head] + (_PART.findall("[" + rest) if rest else [])
        node = root
        for part in parts[:-1]:
            child = node.setdefault(part, {})
            if not isinstance(child, dict):
                raise EncodingError(f"Invalid parameter: {key}", key)
            node = child
        last = parts[-1]
        if last == "":  # expand[]=x
            last = str(sum(1 for k in node if k.isdigit()))
        if isinstance(node.get(last), dict):
            raise EncodingError(f"Invalid parameter: {key}", key)
        node[last] = value
    return _lists(root)


def _lists(node):
    if not isinstance(node, dict):
        return node
    node = {k: _lists(v) for k, v in node.items()}
    if node and all(k.isdigit() for k in node):
        return [node[k] for k in sorted(node, key=int)]
    return node
