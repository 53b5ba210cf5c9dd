"""One module per command: each turns parsed options into work and returns an exit code."""
