"""Long work (imports, rebuilds, re-extraction, merges, topic training) as jobs on the task queue.

- `queue.py`: start, cancel and recover jobs (what the admin and commands call).
- `running.py`: runs one job in a worker: claims it, beats its heartbeat, reports progress, checks
  for cancellation between batches, records the outcome.
- `work.py`: the work of each kind of job, calling the store and search verbs.
- `models.py`: `Job` and `JobUpload` (re-exported by `articles.models`).
The Huey tasks that carry them are in `articles/tasks.py`, where `manage.py run_huey` finds them.

This package imports nothing at the top: `articles.models` imports its models module.
"""
