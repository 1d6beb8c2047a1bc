#!/usr/bin/env python3
"""Summarizes one test run of scripts/test.sh.

Usage: summarize-tests.py RESULTS_DIR

Reads every RESULTS_DIR/*.trx (one per test project, named after it) and RESULTS_DIR/steps.tsv, where
scripts/test.sh records the checks that are not dotnet tests (build, NativeAOT smoke, package consumer) as
tab-separated lines: group, name, outcome (passed|failed), log file. Prints the count per group, each failed
test with the first lines of its message, and last one line alone: "N passed, N failed" (", N skipped" when
some were skipped). Exits 0 only when nothing failed and at least one test passed.
Standard library only.
"""
import os
import re
import sys
import xml.etree.ElementTree as ET

TRX_NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
FAILED_OUTCOMES = {"failed", "error", "timeout", "aborted"}
MESSAGE_LINES = 6


def first_lines(text, count=MESSAGE_LINES):
    lines = [line.rstrip() for line in (text or "").strip().splitlines() if line.strip()]
    if len(lines) > count:
        lines = lines[:count] + [f"... ({len(lines) - count} more lines)"]
    return lines


def read_trx(path):
    """Returns (passed, failed, skipped, failures, error) for one TRX file."""
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as error:
        return 0, 0, 0, [], f"unreadable TRX file: {error}"
    passed = failed = skipped = 0
    failures = []
    results = root.find("t:Results", TRX_NS)
    for result in results if results is not None else []:
        if result.tag != f"{{{TRX_NS['t']}}}UnitTestResult":
            continue
        outcome = (result.get("outcome") or "").lower()
        if outcome == "passed":
            passed += 1
        elif outcome in FAILED_OUTCOMES:
            failed += 1
            message = result.findtext("t:Output/t:ErrorInfo/t:Message", default="", namespaces=TRX_NS)
            if not message.strip():
                message = result.findtext("t:Output/t:StdErr", default="", namespaces=TRX_NS)
            failures.append((result.get("testName") or "?", first_lines(message) or [f"outcome: {outcome}"]))
        else:
            skipped += 1
    return passed, failed, skipped, failures, None


def log_excerpt(path):
    """The lines of a step's log that explain a failure: compiler/MSBuild errors first, else the tail."""
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            lines = [line.rstrip() for line in handle if line.strip()]
    except OSError:
        return [f"(no log at {path})"]
    repo_root = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep
    errors = []
    for line in lines:
        if not re.search(r"(: error |error [A-Z]+[0-9]+:|FAIL )", line):
            continue
        # Shorter to read: paths relative to the repository, without MSBuild's trailing "[project]".
        line = re.sub(r"\s+\[[^\]]+\.(cs|fs|vb)proj[^\]]*\]$", "", line.strip()).replace(repo_root, "")
        if line not in errors:
            errors.append(line)
    picked = errors or lines[-MESSAGE_LINES:]
    if len(picked) > 10:
        picked = picked[:10] + [f"... ({len(picked) - 10} more; see {path})"]
    return picked


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    results_dir = argv[1]
    groups = []  # (group, passed, failed, skipped)
    failures = []  # (group, name, lines)

    trx_files = sorted(f for f in os.listdir(results_dir) if f.endswith(".trx")) if os.path.isdir(results_dir) else []
    for name in trx_files:
        group = name[: -len(".trx")]
        passed, failed, skipped, failed_tests, error = read_trx(os.path.join(results_dir, name))
        if error:
            failed += 1
            failed_tests = [("(test results)", [error])]
        groups.append((group, passed, failed, skipped))
        failures.extend((group, test, lines) for test, lines in failed_tests)

    steps_file = os.path.join(results_dir, "steps.tsv")
    if os.path.exists(steps_file):
        with open(steps_file, encoding="utf-8") as handle:
            for line in handle:
                fields = line.rstrip("\n").split("\t")
                if len(fields) < 3:
                    continue
                group, name, outcome = fields[:3]
                log_path = fields[3] if len(fields) > 3 else ""
                ok = outcome == "passed"
                groups.append((f"{group}: {name}", int(ok), int(not ok), 0))
                if not ok:
                    failures.append((group, name, log_excerpt(log_path) if log_path else []))

    total_passed = sum(g[1] for g in groups)
    total_failed = sum(g[2] for g in groups)
    total_skipped = sum(g[3] for g in groups)

    print()
    print("Test results")
    width = max([len(g[0]) for g in groups] + [10])
    for group, passed, failed, skipped in groups:
        note = "   (no tests)" if passed + failed + skipped == 0 else ""
        extra = f", {skipped} skipped" if skipped else ""
        print(f"  {group:<{width}}  {passed:>5} passed, {failed} failed{extra}{note}")
    if not groups:
        print("  (nothing ran)")

    if failures:
        print()
        print("Failed:")
        for group, name, lines in failures:
            print(f"  {group} :: {name}")
            for line in lines:
                print(f"      {line}")

    if total_passed + total_failed == 0:
        print()
        print("No test ran: that counts as a failure.")

    print()
    summary = f"{total_passed} passed, {total_failed} failed"
    if total_skipped:
        summary += f", {total_skipped} skipped"
    print(summary)
    return 0 if total_failed == 0 and total_passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
