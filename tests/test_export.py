"""Exports as users make them: a folder or a zip that stands on its own, written whole or
not at all, with one clear message for every problem in the user's world."""

import contextlib
import errno
import os
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from frictionless import Package, validate

import mechelen_data as m
from mechelen_data import _documents
from mechelen_data._webannotations import web_annotations_bytes

from .conftest import ROOT, require
from .conftest import run_cli as cli


def installed_package() -> dict[str, bytes]:
    files = {"datapackage.json": (ROOT / "mechelen_data" / "datapackage.json").read_bytes(),
             "croissant.json": (ROOT / "mechelen_data" / "croissant.json").read_bytes(),
             "web-annotations.jsonld": web_annotations_bytes()}
    for name in m.tables():
        files[f"data/{name}.csv"] = m.csv_path(name).read_bytes()
    return files


def documents() -> dict[str, bytes]:
    return {name: text.encode("utf-8") for name, text in _documents.documents().items()}


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (hidden ones included), by relative path."""
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def leftovers(folder: Path) -> list[str]:
    return [path.name for path in folder.iterdir() if ".partial-" in path.name or path.name.endswith(".tmp")]


def test_export_writes_the_package_and_its_documents(tmp_path):
    out = tmp_path / "out"
    result = cli("export", str(out))
    assert result.returncode == 0, result.stderr
    assert tree(out) == {**installed_package(), **documents()}
    report = Package(str(out / "datapackage.json")).validate()
    assert report.valid and len(report.tasks) == len(m.tables())
    assert leftovers(tmp_path) == []


def test_the_documents_describe_every_table_its_licence_and_citation(table_rows):
    docs = _documents.documents()
    for name, rows in table_rows.items():
        assert f"| `{name}` | {len(rows)} |" in docs["README.md"]
    assert m.cite("bibtex").strip() in docs["README.md"]
    assert docs["LICENSE-DATA.txt"] == (ROOT / "LICENSE-DATA").read_text(encoding="utf-8")
    assert docs["data-dictionary.md"] == (ROOT / "docs" / "data-dictionary.md").read_text(encoding="utf-8")


def test_python_export_returns_the_folder_and_accepts_a_list_of_formats(tmp_path):
    assert m.export(tmp_path / "a", ["csv"]) == tmp_path / "a"
    assert tree(tmp_path / "a") == {**installed_package(), **documents()}


def test_zip_has_the_descriptor_at_its_root_and_validates_every_table(tmp_path):
    archive = m.export(tmp_path, zip=True)
    assert archive == tmp_path / f"mechelen-data-{m.__version__}.zip"
    with zipfile.ZipFile(archive) as opened:
        inside = {name: opened.read(name) for name in opened.namelist()}
    assert inside == {**installed_package(), **documents()}
    report = validate(str(archive))
    assert report.valid and len(report.tasks) == len(m.tables())


def test_a_broken_zip_fails_validation(tmp_path):
    archive = m.export(tmp_path, zip=True)
    broken = tmp_path / "broken.zip"
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(broken, "w") as copy:
        for name in source.namelist():
            data = source.read(name)
            if name == "data/events.csv":  # an impossible date, same length
                first = data.split(b"\n")[1].split(b",")[1]
                data = data.replace(first, b"2016-02-30", 1)
            copy.writestr(name, data)
    report = validate(str(broken))
    assert not report.valid
    assert any(task.name == "events" and not task.valid for task in report.tasks)


def test_zip_is_reproducible_and_replaced_only_with_force(tmp_path):
    first = m.export(tmp_path, zip=True).read_bytes()
    result = cli("export", str(tmp_path), "--zip")
    assert result.returncode == 1 and "exists" in result.stderr and "--force" in result.stderr
    assert cli("export", str(tmp_path), "--zip", "--force").returncode == 0
    assert (tmp_path / f"mechelen-data-{m.__version__}.zip").read_bytes() == first
    assert leftovers(tmp_path) == []


def test_zip_into_a_new_folder_creates_it(tmp_path):
    archive = m.export(tmp_path / "new", zip=True)
    assert [path.name for path in (tmp_path / "new").iterdir()] == [archive.name]


def test_force_replaces_the_exports_files_and_keeps_the_users(tmp_path):
    m.export(tmp_path / "out")
    (tmp_path / "out" / "data" / "events.csv").write_text("edited")
    (tmp_path / "out" / "notes.txt").write_text("mine")
    (tmp_path / "out" / "data" / "mine.csv").write_text("mine too")
    assert cli("export", str(tmp_path / "out"), "--force").returncode == 0
    assert tree(tmp_path / "out") == {**installed_package(), **documents(),
                                      "notes.txt": b"mine", "data/mine.csv": b"mine too"}
    assert leftovers(tmp_path) == []


def test_an_empty_folder_is_used(tmp_path):
    (tmp_path / "out").mkdir()
    assert m.export(tmp_path / "out") == tmp_path / "out"
    assert tree(tmp_path / "out") == {**installed_package(), **documents()}


# Bad input: one message naming the path and the fix, a non-zero exit, no traceback, and
# nothing lost or left behind.

def assert_refused(result, words, code=1):
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert result.stderr.count("error:") == 1  # one message
    for word in words:
        assert word in result.stderr, (word, result.stderr)


def test_export_to_a_file_is_refused(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    assert_refused(cli("export", str(tmp_path / "notes.txt")), ["notes.txt", "is a file"])
    assert_refused(cli("export", str(tmp_path / "notes.txt"), "--zip"), ["notes.txt", "is a file"])
    assert_refused(cli("export", str(tmp_path / "notes.txt" / "sub")), ["notes.txt", "is a file"])
    assert tree(tmp_path) == {"notes.txt": b"mine"}


def test_export_with_a_missing_parent_is_refused(tmp_path):
    assert_refused(cli("export", str(tmp_path / "no" / "such" / "out")), ["does not exist", "create"])
    assert_refused(cli("export", str(tmp_path / "no" / "such"), "--zip"), ["does not exist", "create"])
    assert list(tmp_path.iterdir()) == []


def test_export_to_a_non_empty_folder_is_refused(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    assert_refused(cli("export", str(tmp_path)), ["not empty", "--force"])
    assert tree(tmp_path) == {"notes.txt": b"mine"}


def test_an_unknown_format_is_a_usage_error(tmp_path):
    assert_refused(cli("export", str(tmp_path / "out"), "--format", "xsl"), ["format", "csv", "all"], code=2)
    assert not (tmp_path / "out").exists()
    with pytest.raises(m.UnknownNameError, match="Valid formats"):
        m.export(tmp_path / "out", "CSVs")


@contextlib.contextmanager
def mounted_tmpfs(where: Path, options: str):
    """A tmpfs at `where`, owned by the user running the tests: mounted as root, or with
    sudo where it asks no password (as on GitHub's runners); None where neither can."""
    where.mkdir()
    sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
    owner = f"uid={os.getuid()},gid={os.getgid()}"
    try:
        mount = subprocess.run([*sudo, "mount", "-t", "tmpfs", "-o", f"{options},{owner}", "tmpfs", str(where)],
                               capture_output=True, stdin=subprocess.DEVNULL)
    except OSError:  # no mount (or no sudo) at all, or one that cannot be run
        mount = None
    if mount is None or mount.returncode:
        yield None
        return
    try:
        yield where
    finally:
        subprocess.run([*sudo, "umount", str(where)], check=True)


def test_a_full_disk_leaves_nothing_behind(tmp_path, monkeypatch):
    with mounted_tmpfs(tmp_path / "small", "size=64k") as disk:
        if disk is not None:  # a real small disk: the export does not fit
            (disk / "before").mkdir()
            (disk / "before" / "kept.txt").write_text("mine")
            assert_refused(cli("export", str(disk / "out")), ["disk is full", "Nothing was changed"])
            assert_refused(cli("export", str(disk / "before"), "--force"), ["disk is full"])
            assert tree(disk) == {"before/kept.txt": b"mine"}
            return
    # Otherwise a simulated ENOSPC, after the first few files are written.
    written = []
    real = Path.write_bytes

    def fill(path, data):
        written.append(path)
        if len(written) > 3:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real(path, data)

    monkeypatch.setattr(Path, "write_bytes", fill)
    with pytest.raises(m.MechelenDataError, match="disk is full"):
        m.export(tmp_path / "out")
    assert list(tmp_path.iterdir()) == [tmp_path / "small"]


def test_a_disk_that_fills_while_a_typed_format_is_written_leaves_nothing_behind(tmp_path):
    package = sum(len(data) for data in tree(m.export(tmp_path / "measure")).values())
    with mounted_tmpfs(tmp_path / "small", f"size={package // 1024 + 96}k") as disk:
        require(disk is not None, "mounting a small tmpfs disk needs root or password-less sudo")
        for form in ("sqlite", "stata", "xlsx"):  # the CSV package fits, the typed files do not all
            assert_refused(cli("export", str(disk / "out"), "--format", f"csv,{form},sqlite"), ["disk is full"])
            assert list(disk.iterdir()) == []


def test_a_read_only_folder_is_refused_and_left_alone(tmp_path):
    (tmp_path / "source").mkdir()
    with mounted_tmpfs(tmp_path / "ro", "ro,size=64k") as disk:
        require(disk is not None, "mounting a small tmpfs disk needs root or password-less sudo")
        result = cli("export", str(disk / "out"))
        assert_refused(result, ["read-only", str(disk)])
        assert list(disk.iterdir()) == []


# Where users export: a mount point, the folder they are in, a folder whose parent they
# cannot write. An existing folder is filled from a staging folder inside it.

def test_export_into_a_mount_point_and_zip_there(tmp_path):
    with mounted_tmpfs(tmp_path / "stick", "size=16m") as stick:
        require(stick is not None, "mounting a tmpfs needs root (or a mount namespace that allows it)")
        assert os.stat(stick).st_dev != os.stat(tmp_path).st_dev  # really a mount point
        result = cli("export", str(stick))
        assert result.returncode == 0, result.stderr
        assert tree(stick) == {**installed_package(), **documents()}
        (stick / "notes.txt").write_text("mine")
        assert cli("export", str(stick), "--force", "--format", "csv,sqlite").returncode == 0
        assert cli("export", str(stick), "--zip").returncode == 0
        files = tree(stick)
        assert files["notes.txt"] == b"mine" and "mechelen-data.sqlite" in files
        assert f"mechelen-data-{m.__version__}.zip" in files and leftovers(stick) == []


@contextlib.contextmanager
def read_only_parent(tmp_path: Path):
    """A writable folder parent/mine whose parent cannot be written: as root a read-only bind
    mount of the parent with `mine` bound writable again, otherwise the parent's mode."""
    mine = tmp_path / "parent" / "mine"
    mine.mkdir(parents=True)
    if os.geteuid() != 0:
        mine.parent.chmod(0o555)
        try:
            yield mine
        finally:
            mine.parent.chmod(0o755)
        return
    mounted = []
    try:
        for folder, flags in ((mine.parent, "ro"), (mine, "rw")):
            for command in (["mount", "--bind", folder, folder], ["mount", "-o", f"remount,bind,{flags}", folder]):
                done = subprocess.run(command, capture_output=True).returncode == 0
                require(done, "bind mounts need root (or a mount namespace that allows them)")
                if command[1] == "--bind":
                    mounted.append(folder)
        yield mine
    finally:
        for folder in reversed(mounted):
            subprocess.run(["umount", folder], check=True)


def test_export_from_inside_a_folder_whose_parent_is_read_only(tmp_path):
    with read_only_parent(tmp_path) as mine:
        with pytest.raises(OSError):  # the folder beside it cannot be made
            (mine.parent / "beside").mkdir()
        result = cli("export", ".", "--zip", cwd=mine)
        assert result.returncode == 0, result.stderr
        assert [path.name for path in mine.iterdir()] == [f"mechelen-data-{m.__version__}.zip"]
        (mine / f"mechelen-data-{m.__version__}.zip").unlink()
        result = cli("export", ".", cwd=mine)
        assert result.returncode == 0, result.stderr
        assert tree(mine) == {**installed_package(), **documents()}
        assert sorted(path.name for path in mine.parent.iterdir()) == ["mine"]


def test_an_existing_folder_stays_the_same_folder(tmp_path):
    """Its permissions are kept, and a shell inside it sees the export."""
    out = tmp_path / "out"
    out.mkdir(mode=0o750)
    before = os.stat(out)
    listing = subprocess.run(["sh", "-c", f'cd "{out}" && "{sys.executable}" -m mechelen_data export . >/dev/null && ls'],
                             capture_output=True, text=True, check=True).stdout.split()
    assert "datapackage.json" in listing and "data" in listing
    after = os.stat(out)
    assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)


# What a killed export leaves is removed by the next export, wherever it goes.

def killed(code: str, env: dict | None = None) -> str:
    """Run `code` in a new Python process, which prints a path and is then killed; the path."""
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True,
                               env={**os.environ, **(env or {})})
    path = process.stdout.readline().strip()
    process.send_signal(signal.SIGKILL)
    process.wait()
    return path


STAGE = """
import pathlib, time
from mechelen_data._staging import Staging
staging = Staging(pathlib.Path({home!r}), "out").__enter__()
(staging / "big").write_bytes(bytes(100_000))
print(staging, flush=True)
time.sleep(60)
"""


def test_a_killed_exports_staging_folder_is_removed_by_the_next_export_elsewhere(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    (tmp_path / "a").mkdir()
    stale = Path(killed(STAGE.format(home=str(tmp_path / "a"))))
    assert stale.is_dir() and stale.parent == tmp_path / "a"
    running = subprocess.Popen([sys.executable, "-c", STAGE.format(home=str(tmp_path / "a"))],
                               stdout=subprocess.PIPE, text=True)
    live = Path(running.stdout.readline().strip())
    try:
        m.export(tmp_path / "b")
        assert not stale.exists()  # the killed export's folder is gone
        assert live.is_dir()  # the running export's is kept
    finally:
        running.kill()
        running.wait()
    m.export(tmp_path / "c")
    assert list((tmp_path / "a").iterdir()) == []
    assert list((tmp_path / "state" / "mechelen-data" / "exports").iterdir()) == []


def test_without_a_state_folder_an_export_still_removes_the_stale_ones_at_its_target(tmp_path, monkeypatch):
    blocked = {"XDG_STATE_HOME": str(tmp_path / "a-file")}  # a file: no state folder can be made there
    (tmp_path / "a-file").write_text("")
    stale = Path(killed(STAGE.format(home=str(tmp_path)), blocked))
    assert stale.is_dir()
    monkeypatch.setenv("XDG_STATE_HOME", blocked["XDG_STATE_HOME"])
    assert cli("export", str(tmp_path / "out")).returncode == 0
    assert not stale.exists() and tree(tmp_path / "out") == {**installed_package(), **documents()}


def test_an_export_killed_while_moving_its_files_in_is_completed_by_the_next_one(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    target = tmp_path / "out"
    m.export(target, "csv,sqlite")
    (target / "data" / "events.csv").write_text("an older export")
    (target / "data" / "mine.csv").write_text("mine")
    kept = {name: data for name, data in tree(target).items() if name in ("data/mine.csv", "mechelen-data.sqlite")}
    killed_on_fourth_rename = f"""
import os, signal, mechelen_data as m
real, count = os.rename, []
def rename(*args):
    count.append(1)
    if len(count) == 4:
        print("killed", flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
    real(*args)
os.rename = rename
m.export({str(target)!r}, "csv,xlsx", force=True)
"""
    assert killed(killed_on_fourth_rename) == "killed"
    assert not (target / "datapackage.json").exists()  # half moved in: no descriptor says it is a package
    m.export(tmp_path / "elsewhere", "csv,xlsx")
    assert tree(target) == {**tree(tmp_path / "elsewhere"), **kept}


# A damaged install: the library in a scratch copy, with one file broken.

@pytest.fixture
def damaged(tmp_path):
    """A copy of the installed package to break; run it with run(...)."""
    import shutil

    copy = tmp_path / "site"
    shutil.copytree(ROOT / "mechelen_data", copy / "mechelen_data", ignore=shutil.ignore_patterns("__pycache__"))

    def run(*args: str) -> subprocess.CompletedProcess:
        env = {"PYTHONPATH": str(copy), "PATH": "/usr/bin:/bin", "XDG_STATE_HOME": os.environ["XDG_STATE_HOME"]}
        return subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=tmp_path, env=env)

    def republish(table: str) -> None:
        """Record the table's edited file in the copy's descriptor (size and hash), as if it
        had been published so: what the schema checks (types, cells) must then name."""
        import hashlib
        import json

        descriptor = json.loads((run.package / "datapackage.json").read_text(encoding="utf-8"))
        for resource in descriptor["resources"]:
            if resource["name"] == table:
                data = (run.package / resource["path"]).read_bytes()
                resource.update(bytes=len(data), hash="sha256:" + hashlib.sha256(data).hexdigest())
        (run.package / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")

    run.package = copy / "mechelen_data"
    run.republish = republish
    return run


def test_a_missing_csv_is_named_with_the_fix_everywhere(damaged):
    (damaged.package / "data" / "themes.csv").unlink()
    result = damaged("-c", "import mechelen_data as m; m.themes()")
    assert "IntegrityError" in result.stderr and "themes.csv" in result.stderr and "Reinstall" in result.stderr
    for command in (["list"], ["show", "themes"], ["export", "out"], ["validate"]):
        assert_refused(damaged("-m", "mechelen_data", *command), ["themes.csv", "einstall"])
    assert not (damaged.package.parent.parent / "out").exists()


def test_a_missing_descriptor_is_named_with_the_fix(damaged):
    (damaged.package / "datapackage.json").unlink()
    assert_refused(damaged("-m", "mechelen_data", "list"), ["datapackage.json", "missing", "Reinstall"])


@pytest.mark.parametrize("column, bad, words", [
    ("date_start", "2016-02-30", ["date_start", "'2016-02-30'", "not a valid date"]),
    ("date_precision", "week", ["date_precision", "'week'", "day, month, year"]),
    ("quote_start", "twelve", ["quote_start", "'twelve'", "integer"]),
])
def test_a_tampered_cell_is_named_by_table_row_and_column(damaged, table_rows, column, bad, words):
    path = damaged.package / "data" / "events.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    header = lines[0].split(",")
    row = table_rows["events"][2]
    good = row[column]
    line_no = next(i for i, line in enumerate(lines) if line.startswith(row["event_id"] + ","))
    lines[line_no] = lines[line_no].replace(f",{good},", f",{bad},", 1)
    assert column in header
    path.write_text("\n".join(lines), encoding="utf-8")
    damaged.republish("events")
    for call in ("m.events()", "m.records('events')"):
        result = damaged("-c", f"import mechelen_data as m; {call}")
        for word in ["events", "row 3", "Reinstall", *words]:
            assert word in result.stderr, (call, word, result.stderr)
    assert_refused(damaged("-m", "mechelen_data", "show", "events"), ["row 3", *words])


def test_a_file_that_is_not_utf8_is_named(damaged):
    path = damaged.package / "data" / "sources.csv"
    path.write_bytes(path.read_bytes().replace("é".encode(), b"\xe9") + b"\xff")
    for command in (["show", "sources"], ["cite"]):
        result = damaged("-m", "mechelen_data", *command)
        assert result.returncode == 1 and "Traceback" not in result.stderr and "sources.csv" in result.stderr


def test_a_console_that_cannot_show_a_character_gets_a_replacement():
    import os

    env = {**os.environ, "PYTHONIOENCODING": "cp1252"}
    result = subprocess.run([sys.executable, "-m", "mechelen_data", "show", "events"], capture_output=True, env=env)
    assert result.returncode == 0 and b"Traceback" not in result.stderr
    assert "Mechelen".encode("cp1252") in result.stdout


def test_every_format_goes_into_the_folder_and_the_zip_with_the_readme_naming_it(tmp_path):
    from mechelen_data._formats import FORMATS

    folder = m.export(tmp_path / "all", "all")
    files = tree(folder)
    assert {k: v for k, v in files.items() if k in installed_package()} == installed_package()
    readme = files["README.md"].decode("utf-8")
    for name, what in FORMATS.items():
        first = what.split(":", 1)[0]  # e.g. "stata/<table>.dta"
        assert f"`{first}`" in readme
        assert any(path == first or path.startswith(first.split("<")[0]) for path in files if path != "README.md"), name
    archive = m.export(tmp_path / "zip", ["csv", *FORMATS], zip=True)
    with zipfile.ZipFile(archive) as opened:
        assert sorted(opened.namelist()) == sorted(files)
        assert all(opened.read(name) == files[name] for name in files if name.endswith((".csv", ".json", ".md")))
    assert validate(str(archive)).valid


def test_formats_can_be_repeated_or_comma_separated(tmp_path):
    assert cli("export", str(tmp_path / "a"), "--format", "sqlite", "--format", "xlsx,csv").returncode == 0
    assert {"mechelen-data.sqlite", "mechelen-data.xlsx", "datapackage.json"} <= set(tree(tmp_path / "a"))
    assert not (tmp_path / "a" / "stata").exists()


def test_a_link_to_a_folder_is_exported_into_not_replaced(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    m.export(tmp_path / "link")
    assert (tmp_path / "link").is_symlink()
    assert tree(tmp_path / "real") == tree(tmp_path / "link") and "datapackage.json" in tree(tmp_path / "real")


def test_a_row_with_a_cell_too_few_is_named(damaged):
    path = damaged.package / "data" / "themes.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[2] = lines[2].rsplit(",", 1)[0] if not lines[2].endswith('"') else lines[2].rsplit(',"', 1)[0]
    path.write_text("\n".join(lines), encoding="utf-8")
    damaged.republish("themes")
    for call in ("m.themes()", "m.records('themes')"):  # never a record without its last field
        result = damaged("-c", f"import mechelen_data as m; {call}")
        assert "themes.csv" in result.stderr and "row 2" in result.stderr and "cells, the header" in result.stderr
    assert_refused(damaged("-m", "mechelen_data", "show", "themes"), ["row 2", "Reinstall"])


def test_parquet_without_pyarrow_names_the_extra_and_writes_nothing(tmp_path):
    """Where pyarrow is not installed (blocked here), parquet and all are refused with the
    extra to install; all does not quietly write less."""
    without_pyarrow = ("import sys; sys.modules['pyarrow'] = None\n"
                       "from mechelen_data.__main__ import main; sys.exit(main(sys.argv[1:]))")
    for formats, words in [("parquet", ["The parquet format needs pyarrow"]),
                           ("all", ["--format all includes parquet", "csv,xlsx,sqlite,stata"]),
                           ("csv,parquet", ["The parquet format"])]:
        result = subprocess.run([sys.executable, "-c", without_pyarrow, "export", str(tmp_path / "out"),
                                 "--format", formats], capture_output=True, text=True)
        assert_refused(result, ['pip install "mechelen-data[parquet]"', *words])
    assert list(tmp_path.iterdir()) == []
    python = ("import sys; sys.modules['pyarrow'] = None\nimport mechelen_data as m\n"
              f"try:\n    m.export({str(tmp_path / 'out')!r}, 'all')\n"
              "except m.ExportError as error:\n    print('ExportError', error)")
    said = subprocess.run([sys.executable, "-c", python], capture_output=True, text=True).stdout
    assert said.startswith("ExportError") and "mechelen-data[parquet]" in said


@pytest.mark.slow
def test_the_installed_wheel_exports_where_users_export_and_refuses_a_damaged_file(tmp_path):
    """The issue's "done when", from the wheel installed alone (the dependencies are this
    environment's): a tmpfs mount point, a folder with a read-only parent, and a truncated,
    emptied and edited installed CSV in load, records, list, show and export."""
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "-w", str(tmp_path / "dist"), str(ROOT)], check=True, capture_output=True)
    [wheel] = (tmp_path / "dist").glob("*.whl")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", "--target",
                    str(tmp_path / "site"), str(wheel)], check=True, capture_output=True)
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site")}

    def installed(*args: str, cwd: Path = tmp_path) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=cwd, env=env)

    where = installed("-c", "import mechelen_data; print(mechelen_data.__file__)").stdout
    assert where.startswith(str(tmp_path / "site"))
    with mounted_tmpfs(tmp_path / "stick", "size=16m") as stick:
        require(stick is not None, "mounting a tmpfs needs root (or a mount namespace that allows it)")
        assert installed("-m", "mechelen_data", "export", str(stick)).returncode == 0
        assert installed("-m", "mechelen_data", "export", str(stick), "--zip").returncode == 0
        assert tree(stick).keys() == {*installed_package(), *documents(), f"mechelen-data-{m.__version__}.zip"}
    with read_only_parent(tmp_path) as mine:
        for args in (["export", "."], ["export", ".", "--zip"]):
            assert installed("-m", "mechelen_data", *args, cwd=mine).returncode == 0
        assert {*installed_package(), f"mechelen-data-{m.__version__}.zip"} <= tree(mine).keys()
    csv = tmp_path / "site" / "mechelen_data" / "data" / "events.csv"
    good = csv.read_bytes()
    for damaged in (good[: len(good) // 2], b"", good.replace(b"Mechelen", b"mechelen", 1)):
        csv.write_bytes(damaged)
        for call in ("m.load('events')", "m.records('events')"):
            result = installed("-c", f"import mechelen_data as m; {call}")
            error = result.stderr.strip().splitlines()[-1]  # the one error raised
            assert "IntegrityError: The installed file" in error and "events.csv" in error, result.stderr
        for args in (["list"], ["show", "events"], ["export", "out", "--format", "all"]):
            assert_refused(installed("-m", "mechelen_data", *args), ["events.csv", "Reinstall"])
        assert not (tmp_path / "out").exists()
