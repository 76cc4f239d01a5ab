from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "portico.documents"
    label = "documents"
    verbose_name = "Documents"

    def ready(self) -> None:
        # Registers the app's events and audit verbs before any page reads the trail.
        from portico.core.events import subscribe
        from portico.documents.events import DocumentUploaded, DocumentVersionAdded
        from portico.documents.sections import documents_section
        from portico.documents.tasks import enqueue_scan, schedule_sweep
        from portico.matters.sections import add_matter_section

        # With a scanner set up (CLAMD_URL), every new file is scanned once it is recorded.
        subscribe(DocumentUploaded, enqueue_scan)
        subscribe(DocumentVersionAdded, enqueue_scan)
        # Files a crash left without a record are swept by the worker a while later.
        subscribe(DocumentUploaded, schedule_sweep)
        add_matter_section(documents_section)
