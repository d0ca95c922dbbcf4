from django import template
from django.utils.safestring import mark_safe

from home.parts import Part

register = template.Library()


class CachedPartNode(template.Node):
    def __init__(self, part: template.base.FilterExpression, nodelist: template.NodeList):
        self.part, self.nodelist = part, nodelist

    def render(self, context) -> str:
        part = self.part.resolve(context)
        if not isinstance(part, Part):  # none for this request: render as usual
            return self.nodelist.render(context)
        if not part.found:
            part.keep(self.nodelist.render(context))
        # Rendered by the autoescaping engine, here or in an earlier request.
        return mark_safe(part.html)  # noqa: S308


@register.tag
def cached_part(parser, token):
    """``{% cached_part part %}…{% endcached_part %}``: ``part`` (home.parts.Part) as kept, or
    the body rendered and kept."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("cached_part takes one argument: the part")
    nodelist = parser.parse(("endcached_part",))
    parser.delete_first_token()
    return CachedPartNode(parser.compile_filter(bits[1]), nodelist)
