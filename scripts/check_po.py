"""Check each addon's translation catalogues against its .pot.

For every addon with ``i18n/<addon>.pot`` and every language of ``LANGS``:

- ``i18n/<lang>.po`` exists and compiles (``msgfmt --check``);
- every msgid of the .pot has a non-empty, non-fuzzy translation;
- each translation keeps the msgid's placeholders (``%s``, ``%(name)s``,
  ``{name}``), its XML tags and its QWeb attributes (``t-out="..."``).

Usage: ``python scripts/check_po.py [ROOT] [--lang fr]``; exit 1 on any problem.
"""

import argparse
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

from babel.messages.pofile import read_po

LANGS = ("fr", "nl", "de", "es")

PLACEHOLDER = re.compile(r"%\([A-Za-z_0-9]+\)[sdfr]|%[sdfr]|\{[A-Za-z_0-9]*\}")
TAG = re.compile(r"</?\s*([A-Za-z][\w:-]*)")
QWEB_ATTR = re.compile(r"\bt-[\w-]+=\"[^\"]*\"")


def _texts(message):
    ids = message.id if isinstance(message.id, tuple) else (message.id,)
    strs = message.string if isinstance(message.string, tuple) else (message.string,)
    return ids, strs


def _shape(text):
    return (
        Counter(PLACEHOLDER.findall(text)),
        Counter(TAG.findall(text)),
        Counter(QWEB_ATTR.findall(text)),
    )


def check_catalogue(pot_path, po_path):
    problems = []
    if not po_path.exists():
        return [f"{po_path}: missing"]
    run = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(po_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if run.returncode:
        problems.append(f"{po_path}: msgfmt --check failed: {run.stderr.strip()}")
    with pot_path.open("rb") as f:
        pot = read_po(f)
    with po_path.open("rb") as f:
        po = read_po(f)
    for message in pot:
        if not message.id:
            continue
        found = po.get(message.id, context=message.context)
        label = message.id if isinstance(message.id, str) else message.id[0]
        label = label[:70].replace("\n", " ")
        if found is None:
            problems.append(f"{po_path.name}: untranslated (missing): {label!r}")
            continue
        ids, strs = _texts(found)
        if not all(strs):
            problems.append(f"{po_path.name}: empty translation: {label!r}")
            continue
        if found.fuzzy:
            problems.append(f"{po_path.name}: fuzzy: {label!r}")
        expected = _shape(ids[0])
        for text in strs:
            got = _shape(text)
            if got[0] != expected[0]:
                problems.append(
                    f"{po_path.name}: placeholders differ in {label!r}: "
                    f"{sorted(expected[0].elements())} vs {sorted(got[0].elements())}"
                )
            if got[1] != expected[1]:
                problems.append(f"{po_path.name}: XML tags differ in {label!r}")
            if got[2] != expected[2]:
                problems.append(f"{po_path.name}: QWeb attributes differ in {label!r}")
    return problems


def main(argv=None):
    parser = argparse.ArgumentParser()
    default_root = str(Path(__file__).resolve().parent.parent)
    parser.add_argument("root", nargs="?", default=default_root)
    parser.add_argument("--lang", action="append", help="only these languages")
    args = parser.parse_args(argv)
    langs = args.lang or LANGS
    root = Path(args.root)
    problems = []
    catalogues = 0
    for pot_path in sorted(root.glob("*/i18n/*.pot")):
        addon = pot_path.parent.parent.name
        if pot_path.stem != addon:
            continue
        for lang in langs:
            catalogues += 1
            problems += check_catalogue(pot_path, pot_path.parent / f"{lang}.po")
    for line in problems:
        print(line)
    print(f"check_po: {catalogues} catalogue(s), {len(problems)} problem(s)")
    if not catalogues:
        print("check_po: no .pot found", file=sys.stderr)
        return 1
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
