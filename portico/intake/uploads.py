"""A file answering an intake question, uploaded like any document (`documents/uploads.py`).

The workspace's and the portal's file-answer URLs differ in who may answer (`authorize`, which
puts the question in the target); what happens once the file is in is written here once.
"""

from __future__ import annotations

from django.http import HttpRequest

from portico.core.errors import InvalidInput
from portico.documents.names import UploadRefused
from portico.documents.storage import Incoming
from portico.documents.uploads import UploadTarget, UploadView
from portico.intake.actions import answer_with_file, check_answerable
from portico.intake.models import IntakeQuestion
from portico.matters.kinds import MatterFace, MatterKind


def refused_answer(refused: InvalidInput) -> UploadRefused:
    return UploadRefused(" ".join(m for ms in refused.errors.values() for m in ms), 422)


def check_file_answerable(*, matter: MatterFace, question: IntakeQuestion, actor) -> None:
    """`actor` may answer `question` on `matter` now, or UploadRefused saying why not."""
    try:
        check_answerable(matter=matter, question=question, actor=actor)
    except InvalidInput as refused:
        raise refused_answer(refused) from refused


def file_answer_json(answer, document) -> dict:
    return {
        "question_id": str(answer.question_id),
        "answer": answer.value,
        "document": {"id": str(document.id), "name": document.name},
    }


class FileAnswerUploadView(UploadView):
    """Base of the URLs that take a file (`?name=...`) as the answer to a file question: it
    lands in the matter's documents, streamed like any upload."""

    kind: MatterKind = MatterKind.CASE

    def finish(self, request: HttpRequest, target: UploadTarget, incoming: Incoming) -> dict:
        try:
            answer, document = answer_with_file(
                matter=target.matter,
                question=target.question,
                name=target.name,
                incoming=incoming,
                actor=target.actor,
            )
        except InvalidInput as refused:
            raise refused_answer(refused) from refused
        return file_answer_json(answer, document)
