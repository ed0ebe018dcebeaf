"""Staff roles as Django groups holding only the permissions each needs."""

from django.contrib.auth.models import Group, Permission

SCREENERS = "Screeners"

ROLE_PERMISSIONS = {
    SCREENERS: [
        ("ideas", "view_idea"),
        ("ideas", "change_idea"),
        ("ideas", "move_idea"),
        ("ideas", "view_stagechange"),
        ("ideas", "view_internalnote"),
        ("ideas", "add_internalnote"),
        ("ideas", "view_criterion"),
        ("core", "view_focusarea"),
        ("notifications", "view_email"),
        ("notifications", "change_email"),
        ("resourcebank", "view_member"),
        ("resourcebank", "view_sector"),
        ("resourcebank", "view_municipality"),
    ],
}


def roles_ensure() -> dict[str, Group]:
    """Create the groups and set their permissions exactly (idempotent)."""
    groups = {}
    for name, perms in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        wanted = [
            Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in perms
        ]
        group.permissions.set(wanted)
        groups[name] = group
    return groups
