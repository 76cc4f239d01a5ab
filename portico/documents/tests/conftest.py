"""Every document test runs twice: on local files and on S3-compatible object storage (moto's
standalone server), through the same Django storage API."""

from __future__ import annotations

import pytest

from portico.testing.s3 import moto_server, s3_storage  # noqa: F401  (fixtures)


@pytest.fixture(params=["local files", pytest.param("s3", marks=pytest.mark.slow)])
def document_storage(request):
    """Use in a module with `pytestmark = pytest.mark.usefixtures("document_storage")`."""
    if request.param == "s3":
        return request.getfixturevalue("s3_storage")
    return "file"
