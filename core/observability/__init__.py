"""What operators see of a running portal: request ids, Prometheus metrics, JSON logs, Sentry.

Lowest layer, so every app may count into it (``metrics.webhook``); it imports no app. The
figures read from the database at scrape time (pool accounts, payments, queue length) live in
the ``ops`` app, which sits above the apps they count.
"""
