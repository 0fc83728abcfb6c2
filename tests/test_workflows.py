"""CI runs .ci/run on every push and pull request; a release publishes only after it."""

import pytest
import yaml

from .conftest import ROOT


def workflow(name: str) -> dict:
    data = yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def test_ci_runs_the_ci_script_on_every_push_and_pull_request():
    ci = workflow("ci.yml")
    assert {"push", "pull_request", "workflow_call"} <= set(ci["on"])
    assert ci["on"]["push"] is None and ci["on"]["pull_request"] is None  # no branch or path filter
    steps = [step.get("run") for job in ci["jobs"].values() for step in job["steps"]]
    assert "bash .ci/run" in steps


def upstream(jobs: dict, name: str) -> set[str]:
    needs = jobs[name].get("needs", [])
    needs = [needs] if isinstance(needs, str) else needs
    return set(needs).union(*(upstream(jobs, need) for need in needs))


@pytest.mark.parametrize("job", ["build", "pypi", "github-release"])
def test_every_release_job_waits_for_ci(job):
    jobs = workflow("release.yml")["jobs"]
    gate = [name for name, spec in jobs.items() if spec.get("uses") == "./.github/workflows/ci.yml"]
    assert gate and set(gate) <= upstream(jobs, job)
