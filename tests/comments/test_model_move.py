"""The Comment model moved from learning.homework to comments without touching its table."""

from django.apps import apps
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import RunPython, SeparateDatabaseAndState

from comments.models import Comment


def test_the_model_keeps_its_table():
    assert Comment._meta.db_table == "homework_comment"
    assert apps.get_model("comments", "Comment") is Comment
    assert not any(
        model.__name__ == "Comment" for model in apps.get_app_config("homework").get_models()
    )


def test_the_move_changes_the_migration_state_only():
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    forget = graph.nodes[("homework", "0005_comment_moved_to_comments")]
    adopt = graph.nodes[("comments", "0001_initial")]
    assert ("homework", "0005_comment_moved_to_comments") in adopt.dependencies
    for migration in (forget, adopt):
        moves = [op for op in migration.operations if isinstance(op, SeparateDatabaseAndState)]
        assert len(moves) == 1 and moves[0].database_operations == []
        # Besides the state, only the content type is renamed (so permissions follow).
        assert all(
            isinstance(op, SeparateDatabaseAndState | RunPython) for op in migration.operations
        )
