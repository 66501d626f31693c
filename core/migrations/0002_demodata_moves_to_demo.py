# DemoData moves to the demo app. Its table is renamed, not dropped, so a demo database made
# before the move keeps its marker and its banner; demo.0001_initial takes the model over.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name='DemoData', table='demo_demodata'),
            ],
            state_operations=[
                migrations.DeleteModel(name='DemoData'),
            ],
        ),
    ]
