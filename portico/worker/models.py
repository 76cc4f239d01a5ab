"""Each running worker's heartbeat: the lease on the tasks it has claimed.

A worker writes its row every few seconds while it lives. A task left RUNNING by a worker whose
row went quiet (killed, the machine lost) goes back to the queue for another worker. Not firm
data: no firm_id, so no row-level security (like django_tasks_db's own table).
"""

from django.db import models


class WorkerBeat(models.Model):
    worker_id = models.CharField(primary_key=True, max_length=64)
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField()

    class Meta:
        db_table = "worker_beat"

    def __str__(self) -> str:
        return f"worker {self.worker_id} (last seen {self.beat_at:%H:%M:%S})"
