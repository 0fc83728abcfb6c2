"""The build: raw texts + curated annotations -> CSV tables + datapackage.json.

Run `python -m build_scripts` from the repository root. Nothing else writes data."""
