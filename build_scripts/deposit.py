"""python -m build_scripts.deposit: deposit the release zip in Zenodo through its REST API
(the deposit API, /api/deposit/depositions), so that the record holds the data package and
never the repository's source archive, whose raw/texts/ (the publishers' texts) must not go
out under the record's CC BY licence. Standard library only; run by .github/workflows/release.yml.

  reserve [--sandbox] [--concept DOI]   a new deposition: a new version of the concept record
                                        (pyproject.toml's DOI), or a first record; prints the
                                        DOI Zenodo reserved for it and keeps the deposition's
                                        id and links (no token) in --state for publish
  publish ZIP                           check that ZIP carries that DOI and the version of
                                        .zenodo.json, replace the draft's files with ZIP, set
                                        the metadata from .zenodo.json, publish, and check the
                                        published DOI is the reserved one

Between the two, the zip is made with the reserved DOI in its datapackage.json (`id`),
citation, README and card: MECHELEN_DATA_DOI=DOI python -m build_scripts, then
mechelen-data export DIR --zip --format all. The token is a Zenodo personal access token
(scopes deposit:write and deposit:actions) in the environment variable ZENODO_TOKEN, never
printed; --sandbox deposits in sandbox.zenodo.org (with a token made there) to try it out."""

import argparse
import hashlib
import json
import os
import re
import sys
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

from mechelen_data._cite import DOI_RESOLVER

from .annotations import ROOT

APIS = {False: "https://zenodo.org/api", True: "https://sandbox.zenodo.org/api"}
TOKEN = "ZENODO_TOKEN"
STATE = "zenodo-deposit.json"
CONCEPT = re.compile(r"^10\.\d+/zenodo\.(\d+)$")


class DepositError(Exception):
    """A deposit that cannot go on: the message names the step, the answer and the fix."""


class Zenodo:
    """The few calls the deposit makes; `urlopen` is replaceable so that tests can answer."""

    def __init__(self, api: str, token: str, urlopen=urllib.request.urlopen, log=None):
        self.api, self._token, self.urlopen = api, token, urlopen
        self.log = log or (lambda line: print(line, file=sys.stderr))

    def call(self, method: str, url: str, body: dict | None = None, data: bytes | None = None) -> dict:
        headers = {"Authorization": f"Bearer {self._token}", "Accept": "application/json"}
        if body is not None:
            data, headers["Content-Type"] = json.dumps(body).encode("utf-8"), "application/json"
        elif data is not None:
            headers["Content-Type"] = "application/octet-stream"
        request = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with self.urlopen(request, timeout=600) as response:
                status, answer = response.status, response.read()
        except urllib.error.HTTPError as error:
            detail = error.read()[:1000].decode("utf-8", "replace")
            raise DepositError(f"{method} {url}: HTTP {error.code}: {detail}") from None
        except (urllib.error.URLError, OSError) as error:
            raise DepositError(f"{method} {url}: {getattr(error, 'reason', error)}; check the network and retry") from None
        self.log(f"{method} {url} -> {status}")
        return json.loads(answer) if answer.strip() else {}


def reserve(zenodo: Zenodo, concept_doi: str = "") -> dict:
    """A draft deposition with its reserved DOI: {api, id, bucket, doi}."""
    if concept_doi:
        match = CONCEPT.match(concept_doi)
        if not match:
            raise DepositError(f"{concept_doi!r} is not a Zenodo DOI (10.5281/zenodo.N); give the concept DOI")
        # Zenodo answers the concept record's id with its latest version.
        latest = zenodo.call("GET", f"{zenodo.api}/records/{match.group(1)}")
        # The answer is the published version; the new draft is at links.latest_draft. Called
        # again while a draft exists, Zenodo gives the same draft, so a failed run can be rerun.
        made = zenodo.call("POST", f"{zenodo.api}/deposit/depositions/{latest['id']}/actions/newversion")
        draft = zenodo.call("GET", made["links"]["latest_draft"])
        for old in draft.get("files", []):  # a new version starts with the previous version's files
            zenodo.call("DELETE", f"{zenodo.api}/deposit/depositions/{draft['id']}/files/{old['id']}")
    else:
        draft = zenodo.call("POST", f"{zenodo.api}/deposit/depositions", body={})
    try:
        doi = draft["metadata"]["prereserve_doi"]["doi"]
    except (KeyError, TypeError):
        raise DepositError(f"Zenodo reserved no DOI for deposition {draft.get('id')}; nothing was published, "
                           "delete the draft on Zenodo and retry") from None
    return {"api": zenodo.api, "id": draft["id"], "bucket": draft["links"]["bucket"], "doi": doi}


def publish(zenodo: Zenodo, state: dict, archive: Path, metadata: dict) -> dict:
    """Upload `archive` into the reserved deposition, set `metadata`, publish; the record."""
    check_zip(archive, state["doi"], metadata["version"])
    data = archive.read_bytes()
    uploaded = zenodo.call("PUT", f"{state['bucket']}/{archive.name}", data=data)
    if uploaded.get("checksum") != "md5:" + hashlib.md5(data).hexdigest():
        raise DepositError(f"Zenodo's checksum of {archive.name} ({uploaded.get('checksum')}) is not the file's; "
                           "nothing was published: retry publish")
    deposition = f"{zenodo.api}/deposit/depositions/{state['id']}"
    zenodo.call("PUT", deposition, body={"metadata": metadata})
    record = zenodo.call("POST", f"{deposition}/actions/publish")
    if record.get("doi") != state["doi"]:
        raise DepositError(f"Zenodo published {record.get('doi')!r}, not the reserved DOI {state['doi']} that the "
                           "zip carries; correct the record on Zenodo")
    return record


def check_zip(archive: Path, doi: str, version: str) -> None:
    """The zip is a release zip of `version` whose datapackage.json names `doi`."""
    try:
        with zipfile.ZipFile(archive) as opened:
            descriptor = json.loads(opened.read("datapackage.json"))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as error:
        raise DepositError(f"{archive} is not a release zip with datapackage.json at its root ({error})") from None
    if descriptor.get("id") != DOI_RESOLVER + doi or descriptor.get("version") != version:
        raise DepositError(f"{archive} is version {descriptor.get('version')} with id {descriptor.get('id')!r}, not "
                           f"{version} with {DOI_RESOLVER + doi}: make it with MECHELEN_DATA_DOI={doi} python -m "
                           "build_scripts, then mechelen-data export DIR --zip --format all")


def main(argv: list[str] | None = None, urlopen=urllib.request.urlopen) -> int:
    parser = argparse.ArgumentParser(prog="python -m build_scripts.deposit", description=__doc__.split("\n\n")[0])
    parser.add_argument("--state", default=STATE, help=f"where reserve keeps the deposition for publish ({STATE})")
    steps = parser.add_subparsers(dest="step", required=True)
    first = steps.add_parser("reserve", help="create the deposition and print its reserved DOI")
    first.add_argument("--sandbox", action="store_true", help="deposit in sandbox.zenodo.org, to try it out")
    first.add_argument("--concept", metavar="DOI", help="the concept DOI to add a version to (default: "
                       "pyproject.toml's; none with --sandbox, where the record is new)")
    second = steps.add_parser("publish", help="upload the zip, set the metadata, publish")
    second.add_argument("zip", type=Path)
    args = parser.parse_args(argv)
    token = os.environ.get(TOKEN, "")
    try:
        if not token:
            raise DepositError(f"set {TOKEN} to a Zenodo personal access token (scopes deposit:write, deposit:actions); "
                               "in the release workflow it is the repository secret of that name")
        if args.step == "reserve":
            from .descriptor import doi

            concept = args.concept if args.concept is not None else ("" if args.sandbox else doi())
            state = reserve(Zenodo(APIS[args.sandbox], token, urlopen), concept)
            Path(args.state).write_text(json.dumps(state, indent=2) + "\n", encoding="utf-8")
            print(state["doi"])
        else:
            try:
                state = json.loads(Path(args.state).read_text(encoding="utf-8"))
            except (OSError, ValueError) as error:
                raise DepositError(f"{args.state} cannot be read ({error}); run reserve first") from None
            metadata = json.loads((ROOT / ".zenodo.json").read_text(encoding="utf-8"))
            record = publish(Zenodo(state["api"], token, urlopen), state, args.zip, metadata)
            # After the first deposit, the concept DOI goes into pyproject.toml (README: Versions and releases).
            print(f"published {record.get('doi')}; all versions: {record.get('conceptdoi')}")
    except DepositError as error:
        print(f"deposit failed: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
