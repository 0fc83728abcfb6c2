"""CI runs .ci/run on every push and pull request, on every supported Python; a release
publishes only after it. Both workflows are valid for GitHub's workflow JSON Schema."""

import json
import re
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT

WORKFLOWS = sorted(path.name for path in (ROOT / ".github" / "workflows").glob("*.yml"))


def workflow(name: str) -> dict:
    data = yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


@pytest.mark.parametrize("name", WORKFLOWS)
def test_each_workflow_is_valid_for_the_github_workflow_schema(name):
    import check_jsonschema
    import jsonschema

    # The SchemaStore schema that check-jsonschema ships (vendored), so the test is offline.
    path = Path(check_jsonschema.__file__).parent / "builtin_schemas" / "vendor" / "github-workflows.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    assert [error.message for error in validator.iter_errors(workflow(name))] == []
    broken = workflow(name)
    next(iter(broken["jobs"].values()))["runs-on "] = "typo"
    assert list(validator.iter_errors(broken))  # the schema does catch a mistyped key


def test_ci_runs_the_ci_script_on_every_push_and_pull_request():
    ci = workflow("ci.yml")
    assert {"push", "pull_request", "workflow_call"} <= set(ci["on"])
    assert ci["on"]["push"] is None and ci["on"]["pull_request"] is None  # no branch or path filter
    steps = [step.get("run") for job in ci["jobs"].values() for step in job["steps"]]
    assert "bash .ci/run" in steps


def test_ci_runs_on_every_python_the_package_says_it_supports():
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    classified = re.findall(r'"Programming Language :: Python :: (3\.\d+)"', pyproject)
    lowest = re.search(r'requires-python = ">=(3\.\d+)"', pyproject).group(1)
    [job] = workflow("ci.yml")["jobs"].values()
    versions = job["strategy"]["matrix"]["python-version"]
    assert versions == classified and versions[0] == lowest
    setup = next(step for step in job["steps"] if step.get("uses", "").startswith("actions/setup-python"))
    assert setup["with"]["python-version"] == "${{ matrix.python-version }}"
    # The oldest-dependency step runs with that Python where it is 3.10, the lowest one.
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert f'if [ "$version" = {lowest} ]; then oldest="python3"; fi' in script


def upstream(jobs: dict, name: str) -> set[str]:
    needs = jobs[name].get("needs", [])
    needs = [needs] if isinstance(needs, str) else needs
    return set(needs).union(*(upstream(jobs, need) for need in needs))


@pytest.mark.parametrize("job", ["build", "pypi", "pages", "github-release"])
def test_every_release_job_waits_for_ci(job):
    jobs = workflow("release.yml")["jobs"]
    gate = [name for name, spec in jobs.items() if spec.get("uses") == "./.github/workflows/ci.yml"]
    assert gate and set(gate) <= upstream(jobs, job)


@pytest.mark.parametrize("ci, status", [("", 0), ("true", 1)])
def test_system_packages_says_how_to_get_the_readers_where_it_cannot_install_them(tmp_path, ci, status):
    """No apt-get and no readers (as on macOS): it says what to install and how, and lets
    the tests skip, except under CI=true."""
    import shutil
    import subprocess

    bin_dir = tmp_path / "bin"  # only what the script needs besides the readers and apt-get
    bin_dir.mkdir()
    for name in ("id", "cat"):
        (bin_dir / name).symlink_to(shutil.which(name))
    result = subprocess.run([shutil.which("bash"), str(ROOT / ".ci" / "system-packages")], capture_output=True,
                            text=True, env={"PATH": str(bin_dir), "CI": ci})
    assert result.returncode == status, result.stderr
    assert "brew install --cask libreoffice" in result.stderr and 'install.packages(c("readr", "jsonlite")' \
        in result.stderr and "sudo apt-get install libreoffice-calc-nogui" in result.stderr
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
