"""Municipalities move from the resource bank to core (issue 14), where every app can stand on
them. The table is renamed, so every row, id and foreign key is kept as it is; core's
migration 0004 takes the model over in Django's state, and 0007/0008 point the foreign keys at
it and drop the old model from the state. Until then the old model names the new table, so
that state and database agree in both directions."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("resourcebank", "0005_private_link_base"),
    ]

    operations = [
        migrations.AlterModelTable(name="municipality", table="core_municipality"),
    ]
