"""core.Municipality: the resource bank's municipality list (its table renamed by
resourcebank 0006) taken over in Django's state, unchanged; 0005 adds what is new."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_audit_event"),
        ("resourcebank", "0006_municipality_table_to_core"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Municipality",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("name", models.CharField(max_length=120, unique=True, verbose_name="name")),
                        ("order", models.PositiveSmallIntegerField(default=0, verbose_name="order")),
                        ("is_active", models.BooleanField(default=True, verbose_name="active")),
                    ],
                    options={
                        "verbose_name": "municipality",
                        "verbose_name_plural": "municipalities",
                        "ordering": ["order", "name"],
                    },
                ),
            ],
        ),
    ]
