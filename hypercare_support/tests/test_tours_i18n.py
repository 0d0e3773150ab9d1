from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import HypercareTourCase, PhoneTourMixin


@tagged("-at_install", "post_install")
class TestFrenchTour(HypercareTourCase):
    """A plain user working in French reports an issue from a contact, answers
    the weekly pulse and opens My issues: every label the tour waits for is
    the French one of the addons' ``i18n/fr.po``."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        addons = (
            cls.env["ir.module.module"]
            .search(
                [("name", "=like", "hypercare_support%"), ("state", "=", "installed")]
            )
            .mapped("name")
        )
        cls.env["ir.module.module"]._load_module_terms(
            addons, ["fr_FR"], overwrite=True
        )
        cls.fr_user = new_test_user(
            cls.env,
            login="hc_fr_user",
            name="Camille Lefèvre",
            groups="base.group_user",
            lang="fr_FR",
        )
        cls.charter.scope_user_ids = [Command.link(cls.fr_user.id)]
        cls.contact = cls.env["res.partner"].create({"name": "Boulangerie Dupont"})

    def test_report_pulse_my_issues_in_french(self):
        # the premise: the labels the tour waits for are French
        Wizard = self.env["hypercare.report.issue"].with_context(lang="fr_FR")
        impacts = dict(Wizard.fields_get(["impact"])["impact"]["selection"])
        self.assertEqual(impacts["blocked"], "Je ne peux pas travailler")
        action = self.env.ref("hypercare_support.hypercare_report_issue_action")
        self.assertEqual(action.with_context(lang="fr_FR").name, "Signaler un incident")
        self._tour_from_contact(self.contact, "hypercare_i18n_fr_tour", "hc_fr_user")
        ticket = self._reported_ticket(
            "Impossible de valider la livraison", self.fr_user, self.contact
        )
        self.assertEqual(ticket.hypercare_impact, "blocked")
        pulse = self.env["hypercare.pulse"].search([("user_id", "=", self.fr_user.id)])
        self.assertEqual(len(pulse), 1)
        self.assertEqual((pulse.score, pulse.comment), (5, "Tout fonctionne"))
        self.assertEqual(pulse.charter_id, self.charter)


@tagged("-at_install", "post_install")
class TestFrenchPhoneTour(PhoneTourMixin, TestFrenchTour):
    """The same on a phone."""
