from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    name = "ideas"
    verbose_name = _("Ideas")

    def ready(self):
        from core.caching import public_pages_register
        from core.search import SearchSource, source_register

        from .models import Criterion, Idea

        public_pages_register(views=("ideas:criteria",), models=(Criterion, Idea))

        source_register(
            SearchSource(
                key="idea",
                order=30,
                label=_("Public idea"),
                label_plural=_("Public ideas"),
                queryset=lambda: Idea.objects.filter(is_public=True),
                body_fields=("description",),
                snippet_field="description",
                # Stored for public ideas only, with partial GIN indexes on is_public.
                url=lambda idea: reverse("projects:idea_detail", kwargs={"pk": idea.pk}),
            )
        )
