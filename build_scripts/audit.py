"""docs/audit.yaml (the audit counts, kept by hand) -> the dict the dataset card reads,
checked, and its JSON for the installed package (mechelen_data/audit.json)."""

import json

from mechelen_data._card import AUDIT_COUNTS

from .annotations import ROOT, BuildError, parse, refuse_repeated_keys

AUDIT_YAML = "docs/audit.yaml"


def read_audit(source_ids: list[str]) -> dict:
    """The rounds of docs/audit.yaml; a source unknown to the sources table, or a count
    that is not a whole number, stops the build naming it."""
    path = ROOT / AUDIT_YAML
    data, node = parse(path) if path.exists() else (None, None)
    refuse_repeated_keys(AUDIT_YAML, node)
    rounds = (data or {}).get("rounds")
    if not isinstance(rounds, list):
        raise BuildError(f"{AUDIT_YAML}: needs `rounds:`, a list of {{description, sources}}")
    for number, round_ in enumerate(rounds, 1):
        for source, counts in (round_.get("sources") or {}).items():
            where = f"{AUDIT_YAML}, round {number}, {source}"
            if source not in source_ids:
                raise BuildError(f"{where}: not a source_id; the sources are {', '.join(source_ids)}")
            for key, value in (counts or {}).items():
                if key not in AUDIT_COUNTS or not isinstance(value, int) or isinstance(value, bool) or value < 0:
                    raise BuildError(f"{where}: {key}: {value!r}; give whole numbers for {', '.join(AUDIT_COUNTS)}")
    return {"rounds": [{"description": " ".join(str(r.get("description", "")).split()),
                        "sources": r.get("sources") or {}} for r in rounds]}


def audit_json(audit: dict) -> bytes:
    return (json.dumps(audit, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
