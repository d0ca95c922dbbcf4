"""Recordings downloaded before the fix were written to the public media storage while their
field reads the private one: move each file over under the same name. Only files move; no row
changes. Idempotent: a file already in the private storage just loses its public copy, and a
copy cut short by an interrupted run is made again.
"""

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import migrations

from portal.storages import private_storage


def move_recordings(apps, schema_editor):
    LessonRecording = apps.get_model("zoompool", "LessonRecording")
    public, private = default_storage, private_storage()
    names = LessonRecording.objects.exclude(file="").values_list("file", flat=True)
    for name in names.iterator():
        if not public.exists(name):
            continue
        if private.exists(name) and private.size(name) != public.size(name):
            private.delete(name)
        if not private.exists(name):
            with public.open(name, "rb") as source:
                saved = private.save(name, File(source, name=name))
            if saved != name:  # the row must keep naming the file
                private.delete(saved)
                raise RuntimeError(f"{name} could not keep its name in the private storage")
        public.delete(name)


class Migration(migrations.Migration):
    dependencies = [("zoompool", "0002_private_files")]

    operations = [migrations.RunPython(move_recordings, migrations.RunPython.noop, elidable=True)]
