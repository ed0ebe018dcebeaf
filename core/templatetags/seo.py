from django import template

from core.seo import page_meta

register = template.Library()


class CaptureNode(template.Node):
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        # NodeList.render returns a SafeString (the template escaped what it drew), so it is
        # not escaped twice where it is shown.
        context[self.name] = self.nodelist.render(context)
        return ""


@register.tag
def capture(parser, token):
    """{% capture as name %}...{% endcapture %}: render once, show wherever needed.

    base.html wraps its title and description blocks in it, so a page that fills
    `{% block title %}` gives the same words to <title>, og:title and twitter:title.
    """
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("usage: {% capture as name %}...{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


@register.simple_tag(takes_context=True)
def seo_meta(context, *, title="", description="", image=""):
    return page_meta(
        context["request"], site=context["site"], title=title, description=description, image=image
    )
