"""The Comment model moved from learning.homework to comments without touching its table."""

from importlib import import_module

from django.apps import apps
from django.db.migrations.operations import RunPython, SeparateDatabaseAndState

from comments.models import Comment


def test_the_model_keeps_its_table():
    assert Comment._meta.db_table == "homework_comment"
    assert apps.get_model("comments", "Comment") is Comment
    assert not any(
        model.__name__ == "Comment" for model in apps.get_app_config("homework").get_models()
    )


def test_the_move_changes_the_migration_state_only():
    # The modules themselves: loading the whole graph would run other apps' import-time queries.
    forget = import_module("learning.homework.migrations.0005_comment_moved_to_comments").Migration
    adopt = import_module("comments.migrations.0001_initial").Migration
    assert ("homework", "0005_comment_moved_to_comments") in adopt.dependencies
    for migration in (forget, adopt):
        moves = [op for op in migration.operations if isinstance(op, SeparateDatabaseAndState)]
        assert len(moves) == 1 and moves[0].database_operations == []
        # Besides the state, only the content type is renamed (so permissions follow).
        assert all(
            isinstance(op, SeparateDatabaseAndState | RunPython) for op in migration.operations
        )
