from celery import shared_task

from . import page_warming


@shared_task(ignore_result=True)
def warm_pages() -> int:
    """After a publish: home and its sections (the catalog) rendered into the page cache."""
    return page_warming.warm()
