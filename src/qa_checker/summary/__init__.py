"""The intake summary: one row per submission, the state of a whole intake at a glance."""
