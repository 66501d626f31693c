"""The developers' tools agree with each other: one ruff, every app known, coverage enforced."""

import re
import tomllib
from pathlib import Path

import yaml
from django.apps import apps
from django.conf import settings

ROOT = settings.BASE_DIR


def pinned(name):
    text = (ROOT / "requirements" / "dev.txt").read_text()
    return re.search(rf"^{re.escape(name)}==(\S+)$", text, re.MULTILINE).group(1)


def pyproject():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def project_apps():
    """The apps written in this repository (not Django's nor a library's)."""
    return sorted(
        config.name for config in apps.get_app_configs() if Path(config.path).parent == ROOT
    )


def test_pre_commit_runs_both_ruff_checks_with_the_pinned_ruff():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert hooks["ruff-check"]["entry"].startswith("ruff check")
    assert hooks["ruff-format"]["entry"].startswith("ruff format --check")
    expected = [f"ruff=={pinned('ruff')}"]
    assert hooks["ruff-check"]["additional_dependencies"] == expected
    assert hooks["ruff-format"]["additional_dependencies"] == expected


def test_isort_knows_every_app_as_first_party():
    known = pyproject()["tool"]["ruff"]["lint"]["isort"]["known-first-party"]
    assert set(project_apps()) | {"assises_site", "tests"} <= set(known)


def test_coverage_measures_every_app_and_enforces_a_floor():
    coverage = pyproject()["tool"]["coverage"]
    assert set(project_apps()) | {"assises_site"} <= set(coverage["run"]["source"])
    assert "*/migrations/*" in coverage["run"]["omit"]
    assert coverage["report"]["fail_under"] > 0
