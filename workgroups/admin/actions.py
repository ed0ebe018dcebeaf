"""The changelist actions of working groups: pause, revive, send the lead a new link."""

from django.contrib import admin, messages
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .. import services


class GroupActionsMixin:
    """Actions of WorkingGroupAdmin (its `actions` names them)."""

    @admin.action(description=_("Pause the selected groups"), permissions=["change"])
    def pause_groups(self, request, queryset):
        done, left = self._switch(queryset, services.group_pause)
        if done:
            messages.success(
                request, ngettext("%(n)d group paused.", "%(n)d groups paused.", done) % {"n": done}
            )
        if left:
            messages.warning(
                request,
                ngettext(
                    "%(n)d group was not active, so it was not paused.",
                    "%(n)d groups were not active, so they were not paused.",
                    left,
                )
                % {"n": left},
            )

    @admin.action(description=_("Revive the selected paused groups"), permissions=["change"])
    def revive_groups(self, request, queryset):
        done, left = self._switch(queryset, services.group_revive)
        if done:
            messages.success(
                request,
                ngettext("%(n)d group revived.", "%(n)d groups revived.", done) % {"n": done},
            )
        if left:
            messages.warning(
                request,
                ngettext(
                    "%(n)d group was not paused, so it was not revived.",
                    "%(n)d groups were not paused, so they were not revived.",
                    left,
                )
                % {"n": left},
            )

    @staticmethod
    def _switch(queryset, service) -> tuple[int, int]:
        done = sum(service(group=group) for group in queryset)
        return done, queryset.count() - done

    @admin.action(description=_("Send the lead a new reporting link"), permissions=["change"])
    def resend_lead_link(self, request, queryset):
        for group in queryset:
            services.lead_link_resend(group=group)
        messages.success(request, gettext("New links are on their way to the leads."))
