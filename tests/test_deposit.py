"""The release's Zenodo deposit (build_scripts/deposit.py), run against a recorded sequence
of Zenodo's answers: the exact requests it makes (methods, addresses, headers, JSON bodies,
the uploaded file's name and bytes), and that the token never reaches the output."""

import hashlib
import io
import json
import subprocess
import sys
import urllib.error
import zipfile

import pytest

import mechelen_data as m
from build_scripts.deposit import main
from build_scripts.scratch import copy_repository
from mechelen_data._card import CARD

from .conftest import ROOT

TOKEN = "s3cret-token-never-printed"
API = "https://zenodo.org/api"
BUCKET = "https://zenodo.org/api/files/0f1e2d3c-bucket"
RESERVED = "10.5281/zenodo.790"
ZENODO_JSON = json.loads((ROOT / ".zenodo.json").read_text(encoding="utf-8"))


class Recorded:
    """urlopen answering each request with the next recorded answer, after checking that
    the request is the one recorded (method and address); every request is kept."""

    def __init__(self, answers):
        self.answers, self.requests = list(answers), []

    def __call__(self, request, timeout=None):
        method, url, status, answer = self.answers.pop(0)
        assert (request.get_method(), request.full_url) == (method, url)
        self.requests.append(request)
        if status >= 400:
            raise urllib.error.HTTPError(url, status, "error", {}, io.BytesIO(json.dumps(answer).encode()))
        response = io.BytesIO(b"" if answer is None else json.dumps(answer).encode())
        response.status = status
        return response


def draft(number, files=()):
    return {"id": number, "links": {"bucket": BUCKET, "latest_draft": f"{API}/deposit/depositions/{number}"},
            "metadata": {"prereserve_doi": {"doi": f"10.5281/zenodo.{number}", "recid": number}}, "files": list(files)}


NEW_VERSION = [
    ("GET", f"{API}/records/123", 200, {"id": 456, "conceptrecid": "123"}),
    ("POST", f"{API}/deposit/depositions/456/actions/newversion", 201,
     {"id": 456, "links": {"latest_draft": f"{API}/deposit/depositions/790"}}),
    ("GET", f"{API}/deposit/depositions/790", 200, draft(790, [{"id": "old-file", "filename": "mechelen-data-0.2.0.zip"}])),
    ("DELETE", f"{API}/deposit/depositions/790/files/old-file", 204, None),
]


def release_zip(tmp_path, doi=RESERVED, version=None):
    """A release zip of the installed data whose datapackage.json carries `doi`, as the
    workflow's rebuild with MECHELEN_DATA_DOI makes it (that rebuild: the test below)."""
    tmp_path.mkdir(exist_ok=True)
    made = m.export(tmp_path / "export", zip=True)
    patched = tmp_path / made.name
    with zipfile.ZipFile(made) as source, zipfile.ZipFile(patched, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "datapackage.json":
                descriptor = json.loads(data)
                descriptor.update(id=f"https://doi.org/{doi}", version=version or descriptor["version"])
                data = json.dumps(descriptor).encode()
            target.writestr(item, data)
    return patched


def published(archive):
    data = archive.read_bytes()
    return [
        ("PUT", f"{BUCKET}/{archive.name}", 201, {"key": archive.name, "size": len(data),
                                                  "checksum": "md5:" + hashlib.md5(data).hexdigest()}),
        ("PUT", f"{API}/deposit/depositions/790", 200, {"id": 790}),
        ("POST", f"{API}/deposit/depositions/790/actions/publish", 202,
         {"id": 790, "doi": RESERVED, "conceptdoi": "10.5281/zenodo.123"}),
    ]


@pytest.fixture
def token(monkeypatch):
    monkeypatch.setenv("ZENODO_TOKEN", TOKEN)


def run(capsys, *args, answers):
    zenodo = Recorded(answers)
    status = main([str(arg) for arg in args], urlopen=zenodo)
    out, err = capsys.readouterr()
    assert TOKEN not in out + err
    assert zenodo.answers == [], "requests recorded but not made"
    return status, out, err, zenodo.requests


def test_a_new_version_is_reserved_filled_with_the_zip_and_published(tmp_path, capsys, token):
    state = tmp_path / "state.json"
    status, out, err, requests = run(capsys, "--state", state, "reserve", "--concept", "10.5281/zenodo.123",
                                     answers=NEW_VERSION)
    assert status == 0 and out == RESERVED + "\n"
    assert [f"{r.get_method()} {r.full_url}" in err for r in requests] == [True] * len(requests)
    for request in requests:
        assert request.get_header("Authorization") == f"Bearer {TOKEN}" and request.data is None
    saved = state.read_text(encoding="utf-8")
    assert TOKEN not in saved
    assert json.loads(saved) == {"api": API, "id": 790, "bucket": BUCKET, "doi": RESERVED}

    archive = release_zip(tmp_path)
    status, out, err, requests = run(capsys, "--state", state, "publish", archive, answers=published(archive))
    assert status == 0 and out == f"published {RESERVED}; all versions: 10.5281/zenodo.123\n"
    upload, metadata, publish = requests
    assert upload.full_url.endswith("/" + archive.name) and archive.name == f"mechelen-data-{m.__version__}.zip"
    assert upload.data == archive.read_bytes() and len(upload.data) == archive.stat().st_size
    assert upload.get_header("Content-type") == "application/octet-stream"
    assert metadata.get_header("Content-type") == "application/json"
    assert json.loads(metadata.data) == {"metadata": ZENODO_JSON}
    assert publish.data is None
    assert all(r.get_header("Authorization") == f"Bearer {TOKEN}" for r in requests)


def test_a_first_deposit_creates_the_record_and_the_sandbox_is_another_address(tmp_path, capsys, token):
    sandbox = "https://sandbox.zenodo.org/api"
    first = {**draft(77), "links": {"bucket": "https://sandbox.zenodo.org/api/files/b"}}
    status, out, _, (request,) = run(capsys, "--state", tmp_path / "s.json", "reserve", "--sandbox",
                                     answers=[("POST", f"{sandbox}/deposit/depositions", 201, first)])
    assert status == 0 and out == "10.5281/zenodo.77\n"
    assert json.loads(request.data) == {} and request.get_header("Content-type") == "application/json"
    assert json.loads((tmp_path / "s.json").read_text())["api"] == sandbox


def test_an_error_answer_stops_with_one_message_and_no_token(tmp_path, capsys, token):
    status, out, err, _ = run(capsys, "--state", tmp_path / "s.json", "reserve", "--concept", "10.5281/zenodo.123",
                              answers=[("GET", f"{API}/records/123", 403, {"message": "Permission denied."})])
    assert status == 1 and out == "" and err.startswith("deposit failed: GET") and "HTTP 403" in err
    assert "Traceback" not in err and not (tmp_path / "s.json").exists()


def test_a_zip_without_the_reserved_doi_is_not_uploaded(tmp_path, capsys, token):
    state = tmp_path / "state.json"
    state.write_text(json.dumps({"api": API, "id": 790, "bucket": BUCKET, "doi": RESERVED}))
    for archive in (release_zip(tmp_path / "a", doi="10.5281/zenodo.1"), release_zip(tmp_path / "b", version="9.9.9")):
        status, _, err, requests = run(capsys, "--state", state, "publish", archive, answers=[])
        assert status == 1 and requests == [] and f"MECHELEN_DATA_DOI={RESERVED}" in err


def test_a_wrong_checksum_is_not_published(tmp_path, capsys, token):
    state = tmp_path / "state.json"
    state.write_text(json.dumps({"api": API, "id": 790, "bucket": BUCKET, "doi": RESERVED}))
    archive = release_zip(tmp_path)
    upload = published(archive)[0][:3] + ({"checksum": "md5:0"},)
    status, _, err, _ = run(capsys, "--state", state, "publish", archive, answers=[upload])
    assert status == 1 and "nothing was published" in err


def test_without_a_token_nothing_is_asked(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("ZENODO_TOKEN", raising=False)
    status, _, err, _ = run(capsys, "--state", tmp_path / "s.json", "reserve", answers=[])
    assert status == 1 and "set ZENODO_TOKEN" in err


@pytest.mark.slow
def test_the_reserved_doi_goes_into_the_zip_and_the_wheel_keeps_its_own(tmp_path):
    """The workflow's rebuild: MECHELEN_DATA_DOI in the environment puts the version DOI into
    the zip's datapackage.json, citation and README, in a scratch copy of the repository."""
    repo = copy_repository(tmp_path / "repo")
    env = {"MECHELEN_DATA_DOI": RESERVED, "PATH": "/usr/bin:/bin"}
    built = subprocess.run([sys.executable, "-m", "build_scripts"], cwd=repo, capture_output=True, text=True, env=env)
    assert built.returncode == 0, built.stderr
    code = "import mechelen_data as m; print(m.export('out', zip=True))"
    made = subprocess.run([sys.executable, "-c", code], cwd=repo, capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    with zipfile.ZipFile(repo / made.stdout.strip()) as archive:
        descriptor = json.loads(archive.read("datapackage.json"))
        readme = archive.read("README.md").decode("utf-8")
        croissant = json.loads(archive.read("croissant.json"))
        card = archive.read(CARD).decode("utf-8")
    url = f"https://doi.org/{RESERVED}"
    assert descriptor["id"] == url and url in readme and f"doi = {{{RESERVED}}}" in readme
    assert croissant["identifier"] == url and f"DOI [{RESERVED}]({url})" in card
    assert 'doi = ""' in (repo / "pyproject.toml").read_text(encoding="utf-8")  # the concept DOI stays as it was


def test_the_release_workflow_deposits_the_zip_after_ci_with_the_secret_in_the_environment_only():
    from .test_workflows import upstream, workflow

    jobs = workflow("release.yml")["jobs"]
    gate = [name for name, spec in jobs.items() if spec.get("uses") == "./.github/workflows/ci.yml"]
    assert set(gate) <= upstream(jobs, "deposit") and "deposit" in upstream(jobs, "github-release")
    steps = jobs["deposit"]["steps"]
    runs = [step.get("run", "") for step in steps]
    reserve = next(i for i, run in enumerate(runs) if "build_scripts.deposit reserve" in run)
    rebuild = next(i for i, run in enumerate(runs) if "python -m build_scripts\n" in run)
    publish = next(i for i, run in enumerate(runs) if "build_scripts.deposit publish" in run)
    assert reserve < rebuild < publish and "export release --zip --format all" in runs[rebuild]
    assert steps[rebuild]["env"] == {"MECHELEN_DATA_DOI": f"${{{{ steps.{steps[reserve]['id']}.outputs.doi }}}}"}
    for i, step in enumerate(steps):  # the token only where Zenodo is called, and never on a command line
        assert (step.get("env", {}).get("ZENODO_TOKEN") == "${{ secrets.ZENODO_TOKEN }}") == (i in (reserve, publish))
        assert "secrets." not in step.get("run", "")
    uploads = [step["with"]["name"] for step in steps if step.get("uses", "").startswith("actions/upload-artifact")]
    attached = [step["with"]["name"] for step in jobs["github-release"]["steps"] if "with" in step]
    assert uploads == ["deposited-zip"] and "deposited-zip" in attached and "data-zip" not in attached
