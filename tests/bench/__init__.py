"""Load benchmarks of the site under gunicorn on PostgreSQL: `make bench`.

Not collected by pytest (no test_*.py files): `seed.py` fills a PostgreSQL database with
1,000 courses, `run.py` serves it with gunicorn and measures it, `settings.py` and `urls.py`
are the production settings plus a bare "ok" view as the baseline.
"""
