"""The members' sectors and focus areas indexed value first, so "members of this sector" (the
admin's filters, the member suggestions' ranking) reads the index alone."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("resourcebank", "0009_member_name_idx")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX member_sector_member_idx ON resourcebank_member_sectors "
            "(sector_id, member_id)",
            "DROP INDEX member_sector_member_idx",
        ),
        migrations.RunSQL(
            "CREATE INDEX member_focus_area_member_idx ON resourcebank_member_focus_areas "
            "(focusarea_id, member_id)",
            "DROP INDEX member_focus_area_member_idx",
        ),
    ]
