"""The few Prometheus metrics operators watch during a live session (issue 19), through
prometheus_client. Each process exposes its own at /metrics; Prometheus scrapes every process
directly and sums (docs/deployment.md), so no multi-process state is shared here."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

SOCKETS = Gauge("rondetafel_sockets_connected", "WebSockets open on this process")
VOTES = Counter("rondetafel_votes", "Votes and answers stored")
ANALYSIS_SECONDS = Histogram(
    "rondetafel_analysis_seconds",
    "Opinion analysis of one statement activity",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
SIGNING_SECONDS = Histogram(
    "rondetafel_signing_seconds",
    "One signature added to an agreement, stamp and timestamp included",
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
