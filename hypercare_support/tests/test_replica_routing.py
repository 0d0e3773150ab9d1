from unittest.mock import MagicMock, patch

from odoo.tests import tagged
from odoo.tests.common import TransactionCase

from odoo.addons.hypercare_support.controllers.dataset import HypercareDataSet


@tagged("-at_install", "post_install")
class TestReplicaRouting(TransactionCase):
    """Which JSON-RPC calls of the web client a replica serves
    (``db_replica_host``): the reporting reads (dashboard, stand-up, board),
    not the writes, nor the form a reporter lands on after submitting."""

    def _readonly(self, model, method, context=None):
        fake = MagicMock()
        fake.registry = self.registry
        fake.get_json_data.return_value = {
            "params": {
                "model": model,
                "method": method,
                "args": [],
                "kwargs": {"context": context or {}},
            }
        }
        with (
            patch("odoo.addons.hypercare_support.controllers.dataset.request", fake),
            patch("odoo.addons.web.controllers.dataset.request", fake),
        ):
            return bool(HypercareDataSet()._call_kw_readonly(None, {}))

    def test_reporting_reads_on_the_replica(self):
        for model, method in (
            ("hypercare.charter", "get_hypercare_dashboard_data"),
            ("hypercare.charter", "action_open_standup"),
            ("hypercare.charter", "web_read"),
            ("hypercare.triage.session", "get_triage_state"),
            ("project.task", "web_read_group"),
            ("project.task", "read_progress_bar"),
            ("project.task", "web_search_read"),
            ("project.task", "web_read"),
        ):
            with self.subTest(method=f"{model}.{method}"):
                self.assertTrue(self._readonly(model, method))

    def test_writes_on_the_primary(self):
        for model, method in (
            ("hypercare.report.issue", "action_submit"),
            ("hypercare.report.issue", "web_save"),
            ("project.task", "action_hypercare_acknowledge"),
        ):
            with self.subTest(method=f"{model}.{method}"):
                self.assertFalse(self._readonly(model, method))

    def test_own_new_issue_read_on_the_primary(self):
        """The form opened by the submit reads the new ticket on the primary:
        on the replica it may not exist yet."""
        self.assertFalse(
            self._readonly("project.task", "web_read", {"hypercare_reported": True})
        )
