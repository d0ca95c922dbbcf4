from django import template
from django.utils.safestring import mark_safe
from wagtail.models import Page

from home.parts import Part, page_part

register = template.Library()


class CachedPartNode(template.Node):
    def __init__(self, args: list[template.base.FilterExpression], nodelist: template.NodeList):
        self.args, self.nodelist = args, nodelist

    def render(self, context) -> str:
        values = [arg.resolve(context) for arg in self.args]
        if len(values) == 1:  # a part the view read (or None: nothing kept for this request)
            part = values[0]
        else:
            request = context.get("request")
            # A part of the page being read follows that page's counters (home.parts).
            page = context.get("page")
            path = page.path if isinstance(page, Page) else None
            part = page_part(request, *values, path=path) if request is not None else None
        if not isinstance(part, Part):
            return self.nodelist.render(context)
        if not part.found:
            part.keep(self.nodelist.render(context))
        # Rendered by the autoescaping engine, here or in an earlier request.
        return mark_safe(part.html)  # noqa: S308


@register.tag
def cached_part(parser, token):
    """``{% cached_part part %}…{% endcached_part %}``: ``part`` (home.parts.Part, read by the
    view) as kept, or the body rendered and kept.

    ``{% cached_part "name" value… %}`` keeps a part of the context's ``page`` under ``name``
    and the values (home.parts.page_part), until that page's counters change: put in them
    whatever of the reader the body shows, and nothing of other pages but what a publish of
    theirs purges from this page too (``page_cache.purge_page``).
    """
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("cached_part takes a part, or a name and values")
    nodelist = parser.parse(("endcached_part",))
    parser.delete_first_token()
    return CachedPartNode([parser.compile_filter(bit) for bit in bits[1:]], nodelist)
