# The Comment model moved to the comments app (issue 10). Its table stays as it is
# (comments.Comment keeps db_table "homework_comment"), so this only forgets the model.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('homework', '0004_private_files'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='Comment')],
            database_operations=[],
        ),
    ]
