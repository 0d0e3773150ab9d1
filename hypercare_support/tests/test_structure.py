from collections import Counter

from odoo.tests import TransactionCase, tagged

HYPERCARE_ADDONS = (
    "hypercare_support",
    "hypercare_support_helpdesk",
    "hypercare_support_helpdesk_knowledge",
    "hypercare_support_helpdesk_rating",
    "hypercare_support_knowledge",
    "hypercare_support_timesheet",
)


@tagged("-at_install", "post_install")
class TestOneEntryPoint(TransactionCase):
    """Each model has one create and one write per addon of ours: the
    concerns are named hooks called from it in a fixed order, not overrides
    whose order depends on the import order (issue 25, item 2)."""

    def _overrides(self, method):
        """Counter of (addon, model defined) for each definition class of a
        registry model that defines ``method``, over our addons."""
        found = Counter()
        for model_name in self.env.registry:
            for cls in type(self.env[model_name]).__mro__:
                module = cls.__dict__.get("_module")
                if module not in HYPERCARE_ADDONS or method not in cls.__dict__:
                    continue
                defined = cls.__dict__.get("_name") or cls.__dict__.get("_inherit")
                if isinstance(defined, (list, tuple)):
                    defined = defined[0] if len(defined) == 1 else tuple(defined)
                found[(module, model_name, defined)] += 1
        return found

    def test_one_create_and_one_write_per_model_and_addon(self):
        for method in ("create", "write"):
            found = self._overrides(method)
            self.assertTrue(found, f"no {method} override found: nothing was read")
            doubled = {key: n for key, n in found.items() if n > 1}
            self.assertFalse(doubled, f"{method} overridden twice: {doubled}")
            self.assertIn(
                ("hypercare_support", "project.task", "hypercare.ticket.mixin"), found
            )
