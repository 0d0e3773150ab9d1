from psycopg2 import IntegrityError

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import HypercareCase


@tagged("-at_install", "post_install")
class TestChampion(HypercareCase):
    def _champion(self, **vals):
        return (
            self.env["hypercare.champion"]
            .with_user(self.manager)
            .create(
                dict(
                    {
                        "charter_id": self.charter.id,
                        "user_id": self.manager.id,
                        "function": "Sales",
                    },
                    **vals,
                )
            )
        )

    def test_phone_stored_in_e164(self):
        self.assertEqual(self.charter.champion_ids.phone, "+3225551234")
        # national format, read against the company's country (Belgium)
        self.assertEqual(self._champion(phone="02 555 12 35").phone, "+3225551235")
        champion = self._champion(function="Warehouse", phone="+33 1 42 68 53 00")
        self.assertEqual(champion.phone, "+33142685300")
        champion.phone = "0470 12 34 56"
        self.assertEqual(champion.phone, "+32470123456")

    def test_invalid_phone_refused(self):
        count = self.env["hypercare.champion"].search_count([])
        for number in ("12", "not a phone", "+32 2 555"):
            with self.assertRaises(ValidationError):
                self._champion(phone=number, function=f"F {number}")
        self.assertEqual(self.env["hypercare.champion"].search_count([]), count)
        champion = self.charter.champion_ids
        with self.assertRaises(ValidationError):
            champion.phone = "999"
        self.assertEqual(champion.phone, "+3225551234")

    def test_empty_function_refused(self):
        with self.assertRaises(ValidationError):
            self._champion(function="  ")

    def test_duplicate_champion_refused(self):
        # the database refuses it (SPEC: uniqueness holds in the database);
        # the web client shows the constraint's message (test_charter_contract)
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            self._champion(user_id=self.champion_user.id, function=" finance ")
        self.assertEqual(len(self.charter.champion_ids), 1)

    def test_blank_severity_name_refused(self):
        with self.assertRaises(ValidationError):
            self.sev["high"].name = "  "
