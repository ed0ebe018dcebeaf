from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcebankConfig(AppConfig):
    name = "resourcebank"
    verbose_name = _("Resource bank")

    def ready(self):
        from core.caching import public_pages_register
        from core.search import SearchSource, source_register

        from .models import Member, Sector

        public_pages_register(
            views=("resourcebank:directory", "resourcebank:profile"),
            models=(Member, Sector),
        )

        source_register(
            SearchSource(
                key="member",
                order=40,
                label=_("Member"),
                label_plural=_("Resource bank"),
                queryset=lambda: Member.objects.active(),
                body_fields=Member.SEARCH_BODY_FIELDS,
                title_field="name",
                snippet_field="role",
                similar=False,
                meta=lambda member: member.company_name,
            )
        )
