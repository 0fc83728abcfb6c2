"""The row counts in CHANGELOG.md, counted by the build with mechelen_data's diff so that
they can never drift from the data: under each release's heading, the rows added, removed
and changed per table against the release before it, and for the newest entry (the version
being built, from the data just written) against every older release too, so that a user
of any release sees what changed since. The older releases' data are the zips kept in
tests/releases/."""

from functools import cache

from mechelen_data._diff import diff, read_release

from .annotations import ROOT, BuildError
from .descriptor import RELEASE

RELEASES = ROOT / "tests" / "releases"
START = "<!-- diff: counted by python -m build_scripts with mechelen-data diff (tests/releases/); do not edit -->\n"
END = "<!-- /diff -->\n"


def changelog(version: str) -> bytes:
    """CHANGELOG.md with a fresh count block under each release heading that has an older release."""
    text = _without_blocks((ROOT / "CHANGELOG.md").read_text(encoding="utf-8"))
    headings = list(RELEASE.finditer(text))
    versions = [match.group(1) for match in headings]
    read = cache(read_release)  # each release is read once
    for index in reversed(range(len(headings))):  # from the end, so that earlier offsets hold
        new = versions[index]
        blocks = []
        for n, old in enumerate(versions[index + 1:] if index == 0 else versions[index + 1:index + 2]):
            title = (f"Rows by primary key against {old} (`mechelen-data diff mechelen-data-{old}.zip "
                     f"mechelen-data-{new}.zip`)" if n == 0 else f"Against {old}")
            found = diff(_data(old, version), _data(new, version), read)
            blocks.append(f"{title}:\n\n{found.format('markdown')}")
        if blocks:
            at = headings[index].end() + 1
            text = text[:at] + "\n" + START + "\n".join(blocks) + END + text[at:]
    return text.encode("utf-8")


def _without_blocks(text: str) -> str:
    while START in text:
        before, rest = text.split(START, 1)
        if END not in rest:
            raise BuildError(f"CHANGELOG.md: a count block opened with {START.strip()} is not closed with {END.strip()}")
        text = before.removesuffix("\n") + rest.split(END, 1)[1]
    return text


def _data(release: str, building: str) -> str:
    """Where the data of `release` is: the package just built, or its zip."""
    if release == building:
        return str(ROOT / "mechelen_data")
    path = RELEASES / f"mechelen-data-{release}.zip"
    if not path.is_file():
        raise BuildError(f"{path.relative_to(ROOT)} is missing: CHANGELOG.md's counts compare with each release's "
                         f"data; add it (mechelen-data export tests/releases --zip, with {release} installed)")
    return str(path)
