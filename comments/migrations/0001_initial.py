# Comment moved here from learning.homework (issue 10). The table "homework_comment" already
# exists (homework 0002), so the model is created in the migration state only; no row moves.
# The content type is renamed too, so its permissions and log entries follow the model.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def rename_content_type(apps, schema_editor):
    ContentType = apps.get_model('contenttypes', 'ContentType')
    db = schema_editor.connection.alias
    if not ContentType.objects.using(db).filter(app_label='comments', model='comment').exists():
        ContentType.objects.using(db).filter(app_label='homework', model='comment').update(
            app_label='comments'
        )


def restore_content_type(apps, schema_editor):
    ContentType = apps.get_model('contenttypes', 'ContentType')
    db = schema_editor.connection.alias
    if not ContentType.objects.using(db).filter(app_label='homework', model='comment').exists():
        ContentType.objects.using(db).filter(app_label='comments', model='comment').update(
            app_label='homework'
        )


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('courses', '0001_initial'),
        ('homework', '0005_comment_moved_to_comments'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Comment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('text', models.TextField(max_length=5000, verbose_name='text')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                        ('author', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='comments', to=settings.AUTH_USER_MODEL, verbose_name='author')),
                        ('homework', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='comments', to='homework.homework', verbose_name='homework')),
                        ('lesson', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='comments', to='courses.lessonpage', verbose_name='lesson')),
                        ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='replies', to='comments.comment', verbose_name='reply to')),
                        ('submission', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='comments', to='homework.submission', verbose_name='submission')),
                    ],
                    options={
                        'verbose_name': 'comment',
                        'verbose_name_plural': 'comments',
                        'db_table': 'homework_comment',
                        'ordering': ['created_at', 'pk'],
                        'indexes': [models.Index(fields=['lesson', 'created_at'], name='homework_co_lesson__a65f8d_idx'), models.Index(fields=['homework', 'created_at'], name='homework_co_homewor_38af5b_idx'), models.Index(fields=['submission', 'created_at'], name='homework_co_submiss_e18015_idx')],
                        'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('homework__isnull', True), ('lesson__isnull', False), ('submission__isnull', True)), models.Q(('homework__isnull', False), ('lesson__isnull', True), ('submission__isnull', True)), models.Q(('homework__isnull', True), ('lesson__isnull', True), ('submission__isnull', False)), _connector='OR'), name='comment_on_exactly_one_target')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(rename_content_type, restore_content_type),
    ]
