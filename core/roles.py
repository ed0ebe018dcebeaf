"""Staff roles as Django groups holding only the permissions each needs."""

from django.contrib.auth.models import Group, Permission

from .regions import COORDINATORS

SCREENERS = "Screeners"
PROCESS_SUPPORT = "Process support"
EVALUATORS = "Evaluators"

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
        ("core", "view_municipality"),
        # Their municipality's business unit and business pilot details (core.regions keeps
        # them to their own; only coordinators change who is staff where).
        ("core", "change_municipality"),
        ("ideas", "handover_idea"),
        ("followup", "view_dashboard"),
    ],
    # Business-unit staff who match people, staff working groups and follow them up.
    PROCESS_SUPPORT: [
        ("ideas", "view_idea"),
        ("ideas", "move_idea"),
        ("resourcebank", "view_member"),
        ("workgroups", "view_workinggroup"),
        ("workgroups", "add_workinggroup"),
        ("workgroups", "change_workinggroup"),
        ("workgroups", "view_participant"),
        ("workgroups", "add_participant"),
        ("workgroups", "change_participant"),
        ("workgroups", "delete_participant"),
        ("workgroups", "view_invitation"),
        ("workgroups", "view_report"),
        ("workgroups", "view_organisation"),
        ("workgroups", "add_organisation"),
        ("workgroups", "change_organisation"),
        ("workgroups", "view_organisationcontact"),
        ("workgroups", "add_organisationcontact"),
        ("workgroups", "change_organisationcontact"),
        ("knowledgebank", "view_entry"),
        ("knowledgebank", "change_entry"),
        ("knowledgebank", "view_document"),
        ("knowledgebank", "add_document"),
        ("knowledgebank", "change_document"),
        ("knowledgebank", "delete_document"),
        # An entry names the project it came from (the project search on its page).
        ("projects", "view_project"),
        ("followup", "view_dashboard"),
    ],
    # External evaluators (följeforskning): the dashboard and the yearly report, nothing else.
    # No view permission on ideas, members, groups or e-mails, so no personal data.
    EVALUATORS: [
        ("followup", "view_dashboard"),
    ],
    # The region's coordinating unit. Not *what* one may do (that is the roles above) but
    # *where*: a coordinator works on everything of every municipality (core.regions), and
    # with the Screeners' permissions hands ideas over and keeps every municipality's staff.
    COORDINATORS: [],
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
