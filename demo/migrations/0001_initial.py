# DemoData, moved from core: core.0002 renamed its table to demo_demodata, so only the state
# is created here; the rows a demo database already had stay.

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('core', '0002_demodata_moves_to_demo'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='DemoData',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('loaded_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='chargées le')),
                    ],
                    options={
                        'verbose_name': 'données de démonstration',
                        'verbose_name_plural': 'données de démonstration',
                    },
                ),
            ],
        ),
    ]
