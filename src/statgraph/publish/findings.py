"""Validation findings as text for people, JSON and CSV for programs.

The text says what SHACL says: "no violations, 4 warnings" rather than
"conforms" when SHACL's own sh:conforms is false. JSON carries SHACL's
``conforms`` unchanged beside statgraph's verdict.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict

from statgraph.analyses.validation import EntryResult, ValidationReport
from statgraph.publish.output import printable

COLUMNS = ["entry", "severity", "node", "node_iri", "path", "value", "message", "rule", "named_by", "shacl"]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' * (count != 1)}"


def summary(violations: int, warnings: int, infos: int = 0) -> str:
    text = f"{'no' if not violations else violations} violation{'s' * (violations != 1)}, " \
           f"{_plural(warnings, 'warning')}"
    return text + (f", {_plural(infos, 'note')}" if infos else "")


def _entry_summary(entry: EntryResult) -> str:
    return summary(entry.count("violation"), entry.count("warning"), entry.count("info"))


def render_text(report: ValidationReport) -> str:
    lines = []
    for entry in report.entries:
        lines.append(f"{entry.entry}: {_entry_summary(entry)}")
        current = None
        for finding in entry.findings:
            if finding.node != current:
                current = finding.node
                lines.append(f"  {finding.node}")
            detail = finding.message
            if finding.value:
                detail += f" [value: {finding.value}]"
            if finding.named_by:
                detail += f" [named by: {', '.join(finding.named_by)}]"
            lines.append(f"    {finding.severity:<9} {finding.path or '-':<20} {detail}")
            lines.append(f"    {'':<9} {'':<20} rule: {finding.rule}")
    count = len(report.entries)
    lines += ["", f"{count} entr{'y' if count == 1 else 'ies'}: "
                  f"{summary(report.count('violation'), report.count('warning'), report.count('info'))}"
                  f" (SHACL conforms: {'true' if report.shacl_conforms else 'false'})"]
    return printable("\n".join(lines) + "\n")


def render_json(report: ValidationReport, warnings_as_errors: bool = False) -> str:
    return json.dumps({
        "conforms": report.shacl_conforms,  # SHACL's sh:conforms, unchanged
        "verdict": "fail" if report.exit_code(warnings_as_errors) else "pass",  # statgraph's
        "violations": report.count("violation"),
        "warnings": report.count("warning"),
        "notes": report.count("info"),
        "entries": [{"entry": e.entry, "conforms": e.shacl_conforms,
                     "violations": e.count("violation"), "warnings": e.count("warning"),
                     "findings": [{**asdict(f), "named_by": list(f.named_by)} for f in e.findings]}
                    for e in report.entries],
    }, indent=2, ensure_ascii=False) + "\n"


def render_csv(report: ValidationReport) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for entry in report.entries:
        for finding in entry.findings:
            row = asdict(finding)
            row["named_by"] = "; ".join(finding.named_by)
            row["shacl"] = "true" if finding.shacl else "false"
            writer.writerow([entry.entry] + [row[c] for c in COLUMNS[1:]])
    return out.getvalue()
