"""Record rules across an upgrade (part of scripts/upgrade_check.py).

The addons' record rules are ``noupdate``: ``-u`` never rewrites them, so a
release that changes one ships a migration script (``<addon>/migrations/
<version>/pre-migrate.py``) naming the rules it changes (``SHIPPED``: their
domains as the previous release had them) and those it adds (``ADDED``).

``make_old_release`` turns a database installed with the current code into
one installed with the release before the oldest of those migrations: the
changed rules get their old domains back, the added ones disappear and the
installed version goes back. After ``-u``, ``check_rules`` compares every rule
of the addons' security files with the database: an old database must end up
with the new rules (except those a customer edited, compared elsewhere).
"""

import importlib.util
import re
import xml.etree.ElementTree as ET


def normalize(domain):
    return re.sub(r"\s+", "", domain or "")


def migrations(root, addon):
    """``[(version, module)]`` of the addon's pre-migrate scripts, oldest first."""
    found = []
    for script in sorted((root / addon / "migrations").glob("*/pre-migrate.py")):
        version = script.parent.name
        spec = importlib.util.spec_from_file_location(
            f"hc_migration_{addon}_{version.replace('.', '_')}", script
        )
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        found.append((version, module))
    return sorted(found, key=lambda vm: [int(p) for p in vm[0].split(".")])


def previous_version(version):
    """The release a migration comes from: 19.0.1.1.0 -> 19.0.1.0.0."""
    parts = [int(p) for p in version.split(".")]
    for index in range(len(parts) - 1, 1, -1):
        if parts[index]:
            parts[index] -= 1
            parts[index + 1 :] = [0] * (len(parts) - index - 1)
            break
    return ".".join(map(str, parts))


def shipped_rules(root, addon, field="domain_force"):
    """``{xml id: value of field}`` (default: the domain) of the ir.rule
    records in the addon's data files."""
    rules = {}
    for path in sorted((root / addon / "security").glob("*.xml")):
        for record in ET.parse(path).getroot().iter("record"):
            if record.get("model") != "ir.rule":
                continue
            value = record.find(f"field[@name='{field}']")
            xmlid = record.get("id")
            rules[xmlid if "." in xmlid else f"{addon}.{xmlid}"] = (
                value.text if value is not None else ""
            )
    return rules


def make_old_release(env, root, addons):
    """Put the rules and installed versions back as the previous release
    left them. Returns ``{addon: version}`` for the log."""
    versions = {}
    for addon in addons:
        steps = migrations(root, addon)
        if not steps:
            continue
        for _version, module in reversed(steps):
            for name in getattr(module, "ADDED", ()):
                rule = env.ref(f"{addon}.{name}", raise_if_not_found=False)
                if rule:
                    env["ir.model.data"].search(
                        [("module", "=", addon), ("name", "=", name)]
                    ).unlink()
                    rule.unlink()
            shipped_now = shipped_rules(root, addon, "name")
            for name, domain in getattr(module, "SHIPPED", {}).items():
                env.ref(f"{addon}.{name}").domain_force = domain
            for name, old_name in getattr(module, "SHIPPED_NAMES", {}).items():
                rule = env.ref(f"{addon}.{name}")
                # a name the current release ships goes back to the old one;
                # a customer's renaming stays
                if rule.name == shipped_now.get(f"{addon}.{name}"):
                    rule.name = old_name
        old = previous_version(steps[0][0])
        env.cr.execute(
            "UPDATE ir_module_module SET latest_version = %s WHERE name = %s",
            (old, addon),
        )
        versions[addon] = old
    return versions


def check_rules(env, root, addons, customised=()):
    """Differences between the addons' security files and the database."""
    problems = []
    for addon in addons:
        for xmlid, domain in shipped_rules(root, addon).items():
            if xmlid in customised:
                continue
            rule = env.ref(xmlid, raise_if_not_found=False)
            if not rule:
                problems.append(f"record rule {xmlid} missing after the upgrade")
            elif normalize(rule.domain_force) != normalize(domain):
                problems.append(
                    f"record rule {xmlid} not updated: {rule.domain_force!r}"
                )
    return problems


def count_rules(root, addons):
    return sum(len(shipped_rules(root, addon)) for addon in addons)
