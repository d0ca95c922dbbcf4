"""Races on PostgreSQL: callables released together from threads, each on its own connection."""

import threading

from django.db import connections


def at_once(jobs, wait: float = 30, join: float = 120) -> list:
    """Each job's result (or the exception it raised), in order; the threads wait at a barrier
    so the jobs start at the same instant, and each closes its connection when done."""
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait(timeout=wait)
            results[index] = job()
        except Exception as error:  # noqa: BLE001 - the caller's assertions report it
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=join)
    return results
