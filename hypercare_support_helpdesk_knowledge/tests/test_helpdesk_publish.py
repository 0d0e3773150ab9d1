from odoo.tests import tagged

from odoo.addons.hypercare_support_helpdesk.tests.common import HelpdeskCarrier
from odoo.addons.hypercare_support_knowledge.tests import test_knowledge_publish


@tagged("-at_install", "post_install")
class TestKnowledgePublishHelpdesk(
    HelpdeskCarrier, test_knowledge_publish.TestKnowledgePublish
):
    """The knowledge bridge's publishing tests, on helpdesk tickets, and the
    button that starts it on their form."""

    def _form_arch(self, user):
        views = self.env["helpdesk.ticket"].with_user(user).get_views([(False, "form")])
        return views["views"]["form"]["arch"]

    def test_publish_button_on_the_helpdesk_form(self):
        button = 'name="action_hypercare_publish_page"'
        self.assertIn(button, self._form_arch(self.champion_user))
        # champions publish; an end user does not see the button
        self.assertNotIn(button, self._form_arch(self.user))
