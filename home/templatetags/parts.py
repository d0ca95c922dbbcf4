from django import template
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from wagtail.models import Page

from core import personal
from home.parts import Part, page_part

register = template.Library()


class CachedPartNode(template.Node):
    def __init__(
        self,
        args: list[template.base.FilterExpression],
        nodelist: template.NodeList,
        on: template.base.FilterExpression | None = None,
    ):
        self.args, self.nodelist, self.on = args, nodelist, on

    def render(self, context) -> str:
        values = [arg.resolve(context) for arg in self.args]
        if len(values) == 1:  # a part the view read (or None: nothing kept for this request)
            part = values[0]
        else:
            request = context.get("request")
            # A part of the page being read follows that page's counters (home.parts), or
            # those of the page named by on= (a lesson's list of its course's lessons).
            page = self.on.resolve(context) if self.on else context.get("page")
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
    theirs purges from this page too (``page_cache.purge_page``). ``on=other`` follows the
    counters of the page ``other`` instead (an ancestor: a publish below it bumps them).
    """
    bits = token.split_contents()
    on = None
    if bits[-1].startswith("on="):
        on = parser.compile_filter(bits.pop()[3:])
    if len(bits) < 2:
        raise template.TemplateSyntaxError("cached_part takes a part, or a name and values")
    nodelist = parser.parse(("endcached_part",))
    parser.delete_first_token()
    return CachedPartNode([parser.compile_filter(bit) for bit in bits[1:]], nodelist, on)


@register.filter
def stable(members) -> tuple:
    """A set as a sorted tuple, for a part's values: the same members, the same key."""
    return tuple(sorted(members or ()))


# What a part about the reader prints where the body had the CSRF token: the real one is put
# in on every request (it changes with the session; the part does not).
CSRF_STAND_IN = "csrf-stand-in-4c1f9e"


class PersonalPartNode(template.Node):
    def __init__(self, args, options: dict, nodelist: template.NodeList):
        self.args, self.options, self.nodelist = args, options, nodelist

    def render(self, context) -> str:
        request = context.get("request")
        user = getattr(request, "user", None)
        name, *identity = [arg.resolve(context) for arg in self.args]
        options = {key: value.resolve(context) for key, value in self.options.items()}
        also = tuple(str(options.get("also") or "").split())

        def rendered() -> str:
            with context.push(csrf_token=CSRF_STAND_IN):
                return self.nodelist.render(context)

        where = (
            request.get_host(),
            request.get_full_path(),  # forms' "next" addresses
            translation.get_language(),
            timezone.get_current_timezone_name(),  # the dates shown
        )
        html = personal.kept(
            user,
            f"part:{name}",
            (*where, *identity),
            rendered,
            also=also,
            timeout=int(options.get("timeout") or personal.TIMEOUT),
        )
        if CSRF_STAND_IN in html:
            html = html.replace(CSRF_STAND_IN, str(context.get("csrf_token") or ""))
        # Rendered by the autoescaping engine, here or in an earlier request.
        return mark_safe(html)  # noqa: S308


@register.tag
def personal_part(parser, token):
    """``{% personal_part "name" value… also="counter …" timeout=seconds %}``…
    ``{% endpersonal_part %}``: the body as rendered for the signed-in reader, kept about them
    (core.personal) under their counter and the counters ``also``, for this address, language
    and time zone and the values; for at most ``timeout`` seconds. Only what follows those
    counters and values may be in the body (the clock: put what it decides among the values).
    CSRF tokens are put in afresh on each request. Visitors get the body rendered."""
    bits = token.split_contents()[1:]
    if not bits:
        raise template.TemplateSyntaxError("personal_part takes a name")
    args, options = [], {}
    for bit in bits:
        key, sep, value = bit.partition("=")
        if sep and key in ("also", "timeout"):
            options[key] = parser.compile_filter(value)
        else:
            args.append(parser.compile_filter(bit))
    nodelist = parser.parse(("endpersonal_part",))
    parser.delete_first_token()
    return PersonalPartNode(args, options, nodelist)
