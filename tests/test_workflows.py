"""The GitHub Actions workflows: valid against the workflow schema, and the deploy workflow does what the README says."""

import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.y*ml"))
DEPLOY = ROOT / ".github" / "workflows" / "deploy.yml"


def validate(path):
    """Run check-jsonschema with its bundled (offline) GitHub workflow schema."""
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def load(path):
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def test_there_are_workflows():
    assert DEPLOY in WORKFLOWS


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_is_valid(path):
    result = validate(path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_validator_rejects_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  build:\n    steps:\n      - run: echo hi\n", encoding="utf-8")  # no runs-on
    assert validate(broken).returncode != 0


def test_deploy_runs_on_push_to_main_hourly_and_by_hand():
    on = load(DEPLOY)["on"]
    assert on["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in on
    (schedule,) = on["schedule"]
    minute, hour, day, month, weekday = schedule["cron"].split()
    assert (hour, day, month, weekday) == ("*", "*", "*", "*"), "the schedule must run every hour"
    assert minute.isdigit()


def test_deploy_tests_then_publishes_with_the_pages_address():
    workflow = load(DEPLOY)
    assert workflow["concurrency"]["group"]
    steps = workflow["jobs"]["build"]["steps"]
    runs = [s.get("run", "") for s in steps]
    uses = [s.get("uses", "").split("@")[0] for s in steps]
    order = [
        next(i for i, r in enumerate(runs) if r.strip() == "./dev setup"),
        next(i for i, r in enumerate(runs) if r.strip() == "./dev test"),
        uses.index("actions/configure-pages"),
        next(i for i, r in enumerate(runs) if "./dev publish" in r),
        uses.index("actions/upload-pages-artifact"),
    ]
    assert order == sorted(order), "setup, test, configure-pages, publish, upload must run in this order"
    pages_id = steps[order[2]]["id"]
    assert f"SITE_URL=\"${{{{ steps.{pages_id}.outputs.base_url }}}}\"" in runs[order[3]]
    from tasks import CONFIG

    assert steps[order[4]]["with"]["path"] == CONFIG["output"]


def test_deploy_job_has_only_the_permissions_pages_needs():
    workflow = load(DEPLOY)
    assert workflow["permissions"] == {"contents": "read"}
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]


REVIEW = ROOT / ".github" / "workflows" / "review.yml"


def test_review_checks_each_pull_request_and_attaches_a_preview():
    workflow = load(REVIEW)
    assert workflow["on"] == {"pull_request": {"branches": ["main"]}}
    assert workflow["permissions"] == {"contents": "read"}
    assert "secrets." not in REVIEW.read_text(encoding="utf-8"), "pull requests never need a secret"
    steps = workflow["jobs"]["review"]["steps"]
    runs = [s.get("run", "").strip() for s in steps]
    uses = [s.get("uses", "").split("@")[0] for s in steps]
    order = [
        runs.index("./dev setup"),
        runs.index("./dev check --publish --format github"),
        runs.index("./dev test"),
        runs.index("./dev build"),
        uses.index("actions/upload-artifact"),
    ]
    assert order == sorted(order)
    from tasks import CONFIG

    assert steps[order[-1]]["with"]["path"] == CONFIG["output"]
    assert "cancelled()" in steps[order[-1]]["if"], "the preview is attached even when a check fails"
