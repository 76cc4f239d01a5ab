"""Every URL the practice app serves, read from the URL configuration itself.

The wall tests walk this list, so a route added later is covered without touching them: if it
takes an id the tests have no sample for, they fail and say which parameter to add.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

_PARAM = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


@dataclass(frozen=True)
class Route:
    template: str  # e.g. "/workspace/settings/api-keys/<uuid:key_id>/revoke/"
    name: str | None
    params: tuple[str, ...]

    def build(self, values: dict[str, object]) -> str:
        return _PARAM.sub(lambda m: str(values[m.group("name")]), self.template)

    @property
    def is_api(self) -> bool:
        return self.template.startswith("/api/")

    @property
    def is_portal(self) -> bool:
        return self.template.startswith("/portal/")


def _walk(patterns, prefix: str, namespace: str | None):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            template = "/" + prefix + str(p.pattern)
            if "(?P" in template or template.startswith("/^"):
                raise AssertionError(
                    f"regex route {template!r}: use path() so the walls can walk it"
                )
            name = f"{namespace}:{p.name}" if namespace and p.name else p.name
            yield Route(template, name, tuple(m.group("name") for m in _PARAM.finditer(template)))


def all_routes() -> list[Route]:
    return list(_walk(get_resolver().url_patterns, "", None))
