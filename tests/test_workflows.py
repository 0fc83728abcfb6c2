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


@pytest.mark.parametrize("job", ["build", "pypi", "pages", "github-release"])
def test_every_release_job_waits_for_ci(job):
    jobs = workflow("release.yml")["jobs"]
    gate = [name for name, spec in jobs.items() if spec.get("uses") == "./.github/workflows/ci.yml"]
    assert gate and set(gate) <= upstream(jobs, job)


def test_the_pages_site_is_made_from_the_wheel_with_quotes_only():
    """The raw texts are their publishers' copyright: the published site never shows them."""
    jobs = workflow("release.yml")["jobs"]
    runs = [step.get("run", "") for step in jobs["build"]["steps"]]
    site = [line.strip() for run in runs for line in run.splitlines() if " site " in line]
    assert site and all(line.startswith("/tmp/user/bin/mechelen-data site ") for line in site)  # the wheel's command
    assert not any("--texts" in run or "raw/texts" in run for job in jobs.values() for run in
                   (step.get("run", "") for step in job.get("steps", [])))
    uploaded = [step for step in jobs["build"]["steps"] if step.get("uses", "").startswith("actions/upload-pages-artifact")]
    assert [step["with"]["path"].rstrip("/") for step in uploaded] == [site[0].split()[-1]]
    assert any(step.get("uses", "").startswith("actions/deploy-pages") for step in jobs["pages"]["steps"])
