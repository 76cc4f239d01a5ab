from __future__ import annotations


def use_task_backend(backend: str) -> None:
    """Point django.tasks at `backend` (its handler caches its settings, so reset it too)."""
    from asgiref.local import Local
    from django.conf import settings
    from django.tasks import task_backends

    settings.TASKS = {"default": {"BACKEND": backend}}
    task_backends._settings = None
    task_backends.__dict__.pop("settings", None)
    task_backends._connections = Local(task_backends.thread_critical)
