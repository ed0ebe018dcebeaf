from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_municipality_of_the_region"),
        ("resourcebank", "0006_municipality_table_to_core"),
    ]

    operations = [
        migrations.AlterField(
            model_name="member",
            name="municipality",
            field=models.ForeignKey(
                on_delete=models.deletion.PROTECT,
                related_name="members",
                to="core.municipality",
                verbose_name="municipality",
            ),
        ),
    ]
