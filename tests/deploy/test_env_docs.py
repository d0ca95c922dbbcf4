"""docs/deployment.md lists every environment variable the settings read, and no other."""

from pathlib import Path

import pytest

from portal import env_docs

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def variables():
    return env_docs.read_variables()


def test_documented_variables_are_the_ones_the_settings_read(variables):
    documented = env_docs.documented((ROOT / "docs" / "deployment.md").read_text())
    read = [v.name for v in variables]
    missing, gone = set(read) - set(documented), set(documented) - set(read)
    assert not missing, (
        f"read by the settings, not in docs/deployment.md (make env-docs): {sorted(missing)}"
    )
    assert not gone, f"in docs/deployment.md, no longer read (make env-docs): {sorted(gone)}"
    assert len(documented) == len(set(documented))


def test_the_table_is_what_make_env_docs_writes(variables):
    doc = (ROOT / "docs" / "deployment.md").read_text()
    assert env_docs.render(doc, variables) == doc, "run `make env-docs`"


def test_reads_behind_a_switch_and_required_ones_are_found(variables):
    by_name = {v.name: v for v in variables}
    # Read only when another variable is set: a provider's id, a bucket, a search backend.
    for name in ("GOOGLE_CLIENT_SECRET", "AWS_S3_ENDPOINT_URL", "SEARCH_URLS"):
        assert name in by_name, name
    # Every kind of read: env.db, env.path, env.list, env.int, env.bool, env.float.
    assert by_name["DATABASE_URL"].type == "URL"
    assert by_name["MEDIA_ROOT"].type == "path"
    assert by_name["ZOOMPOOL_START_TIMEOUT_SECONDS"].type == "number"
    assert by_name["DJANGO_SECRET_KEY"].defaults["production.py"] is None
    assert "**required** (production.py)" in by_name["REDIS_URL"].default
    # Defaults name no machine's folder.
    assert by_name["MEDIA_ROOT"].default == "`<project>/var/media`"


def test_check_refuses_a_table_missing_a_variable(monkeypatch, tmp_path, capsys):
    doc = (ROOT / "docs" / "deployment.md").read_text()
    assert env_docs.main(["--check"]) == 0
    copy = tmp_path / "deployment.md"
    copy.write_text("\n".join(line for line in doc.splitlines() if "`REDIS_URL`" not in line))
    monkeypatch.setattr(env_docs, "DOC", copy)
    assert env_docs.main(["--check"]) == 1
    assert "make env-docs" in capsys.readouterr().err
    assert env_docs.main([]) == 0
    assert "REDIS_URL" in env_docs.documented(copy.read_text())


def test_every_variable_is_described_and_no_note_is_stale(variables):
    names = {v.name for v in variables}
    assert set(env_docs.NOTES) <= names, (
        f"notes of variables no longer read: {sorted(set(env_docs.NOTES) - names)}"
    )
    bare = [v.name for v in variables if not env_docs.describe(v)]
    assert not bare, (
        f"say what {bare} do: a comment on the line in portal/settings/, the app setting's doc, "
        "or a note in portal/env_docs.py"
    )
    # The app's own words win: TRUSTED_PROXY_COUNT is declared in core/app_settings.py.
    by_name = {v.name: v for v in variables}
    assert env_docs.describe(by_name["TRUSTED_PROXY_COUNT"]).startswith("Proxies of ours")
