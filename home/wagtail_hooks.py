from wagtail import hooks

from . import page_cache


@hooks.register("before_serve_page")
def note_page_for_the_cache(page, request, serve_args, serve_kwargs):
    page_cache.note_page(page, request)
