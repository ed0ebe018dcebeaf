from django.db import migrations, models

from core.migration_ops import projects_from_municipalities, projects_to_municipalities


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_municipality_of_the_region"),
        ("projects", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="project",
            name="municipalities",
            field=models.ManyToManyField(
                blank=True,
                help_text="Where the work happens. Empty: an initiative of the whole region.",
                related_name="projects",
                to="core.municipality",
                verbose_name="municipalities",
            ),
        ),
        migrations.RunPython(projects_to_municipalities, projects_from_municipalities),
        migrations.RemoveField(model_name="project", name="municipality"),
    ]
