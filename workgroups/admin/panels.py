"""What working groups add to another app's admin page: the member suggestions on an accepted
idea, with the way to form a group from it (core.admin.ChangePanel)."""

from django.urls import reverse

from core.admin import ChangePanel, change_panel_register
from ideas.stages import Stage

from ..selectors import member_suggestions_kept


def idea_suggestions(request, idea) -> dict | None:
    if idea.stage != Stage.ACCEPTED:
        return None
    return {
        "suggestions": member_suggestions_kept(idea=idea),
        "form_group_url": reverse("admin:workgroups_workinggroup_create") + f"?ideas={idea.pk}",
    }


change_panel_register(
    "ideas.Idea",
    ChangePanel(template="admin/workgroups/_idea_suggestions.html", context=idea_suggestions),
)
