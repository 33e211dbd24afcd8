"""The audit: one rule engine that recomputes stated grades, totals and counts from printed inputs."""
