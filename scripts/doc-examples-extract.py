#!/usr/bin/env python3
"""Extracts the examples of Floe's documentation for scripts/doc-examples.sh.

    doc-examples-extract.py --port PORT --out DIR FILE.md...

Every fenced block whose language is sh, bash or python is an example, taken in the order of the
files given and of the blocks in each file. Each is written to DIR/NNN.sh or DIR/NNN.py with
"localhost:8181" and "127.0.0.1:8181" rewritten to PORT (the harness runs Floe on a free port),
and listed in DIR/manifest.tsv: number, file:line, language, action, reason.

An HTML comment on the last non-blank line before a block changes what is done with it:

    <!-- example: skip — why it cannot run here -->   not run; the harness prints the reason
    <!-- example: server -->                          starts Floe: run in the background, and wait
                                                      until Floe answers before the next block
    <!-- example: fresh-server -->                    before this block, stop Floe, delete
                                                      floe-data and start the last server block again
    <!-- example: output -->                          the block's standard output must end with
                                                      its last comment lines, "# " taken off
                                                      (written to DIR/NNN.expected)

Anything else after "example:", a skip without a reason, or an annotation with no block after it
is an error (exit status 2), so that a typo cannot hide an example.
"""
import argparse
import os
import re
import sys

LANGUAGES = {"sh": "sh", "bash": "sh", "python": "py"}
ANNOTATION = re.compile(r"^\s*<!--\s*example:\s*(?P<action>[a-z-]+)\s*(?:[—:-]+\s*(?P<reason>.*?))?\s*-->\s*$")
ANNOTATION_LIKE = re.compile(r"^\s*<!--\s*examples?\b", re.IGNORECASE)
ACTIONS = {"skip", "server", "fresh-server", "output"}
FENCE = re.compile(r"^(?P<indent> {0,3})```(?P<info>[^`]*)$")


class ExtractError(Exception):
    """A document the extractor cannot read as the convention says."""


def fail(message):
    raise ExtractError(message)


def expected_output(text):
    """The comment lines that end a block, without their "# ": what it prints."""
    lines = text.rstrip("\n").split("\n")
    expected = []
    while lines and lines[-1].startswith("#"):
        expected.insert(0, lines.pop()[2:])
    return expected


def blocks(path):
    """Yields (line, language, action, reason, text) for each block of the file."""
    with open(path, encoding="utf-8") as file:
        lines = file.read().split("\n")
    pending = None  # (line, action, reason) of an annotation waiting for its block
    number = 0
    while number < len(lines):
        line = lines[number]
        annotation = ANNOTATION.match(line)
        if ANNOTATION_LIKE.match(line) and not annotation:
            fail(f"{path}:{number + 1}: unreadable annotation: {line.strip()}")
        if annotation:
            action, reason = annotation.group("action"), annotation.group("reason") or ""
            if action not in ACTIONS:
                fail(f"{path}:{number + 1}: unknown action '{action}' (one of {', '.join(sorted(ACTIONS))})")
            if action == "skip" and not reason:
                fail(f"{path}:{number + 1}: a skip needs a reason: <!-- example: skip — why -->")
            if pending:
                fail(f"{path}:{pending[0]}: annotation without a block after it")
            pending = (number + 1, action, reason)
            number += 1
            continue
        fence = FENCE.match(line)
        if fence:
            info, indent = fence.group("info").strip(), fence.group("indent")
            start = number + 1
            end = start
            while end < len(lines) and not lines[end].lstrip().startswith("```"):
                end += 1
            if end == len(lines):
                fail(f"{path}:{number + 1}: block never closed")
            language = LANGUAGES.get(info.split(" ")[0] if info else "")
            if pending and not language:
                fail(f"{path}:{pending[0]}: annotation before a block that is no example ({info or 'no language'})")
            if language:
                action, reason = (pending[1], pending[2]) if pending else ("run", "")
                text = "\n".join(line[len(indent):] if line.startswith(indent) else line for line in lines[start:end])
                yield number + 1, language, action, reason, text + "\n"
            pending = None
            number = end + 1
            continue
        if pending and line.strip():
            fail(f"{path}:{pending[0]}: annotation without a block right after it")
        number += 1
    if pending:
        fail(f"{path}:{pending[0]}: annotation without a block after it")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", required=True, type=int)
    parser.add_argument("--out", required=True)
    parser.add_argument("files", nargs="+")
    arguments = parser.parse_args()
    try:
        extract(arguments)
    except ExtractError as error:
        print(f"doc-examples-extract: {error}", file=sys.stderr)
        sys.exit(2)


def extract(arguments):
    os.makedirs(arguments.out, exist_ok=True)
    count = 0
    with open(os.path.join(arguments.out, "manifest.tsv"), "w", encoding="utf-8") as manifest:
        for path in arguments.files:
            for line, language, action, reason, text in blocks(path):
                count += 1
                text = text.replace("localhost:8181", f"localhost:{arguments.port}")
                text = text.replace("127.0.0.1:8181", f"127.0.0.1:{arguments.port}")
                with open(os.path.join(arguments.out, f"{count:03d}.{language}"), "w", encoding="utf-8") as out:
                    out.write(text)
                if action == "output":
                    expected = expected_output(text)
                    if not expected:
                        fail(f"{path}:{line}: an output example needs what it prints as its last comment lines")
                    with open(os.path.join(arguments.out, f"{count:03d}.expected"), "w", encoding="utf-8") as out:
                        out.write("\n".join(expected) + "\n")
                manifest.write(f"{count:03d}\t{path}:{line}\t{language}\t{action}\t{reason}\n")
    if count == 0:
        fail("no examples found")


if __name__ == "__main__":
    main()
