from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("ideas", "0008_ideas_in_municipalities"),
        ("resourcebank", "0007_member_municipality_core"),
    ]

    # The table is core's now (core 0004); only Django's idea of the old model goes.
    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[migrations.DeleteModel(name="Municipality")],
        ),
    ]
