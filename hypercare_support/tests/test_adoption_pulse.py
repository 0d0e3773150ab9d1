import json
from datetime import datetime

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger
from odoo.tools.json import scriptsafe as json_scriptsafe

from odoo.addons.http_routing.tests.common import MockRequest

from .common_adoption import (
    CURRENT_START,
    JUST_BEFORE_CURRENT,
    LAST_START,
    MID_LAST,
    NOW,
    AdoptionCase,
)


@tagged("-at_install", "post_install")
class TestAdoptionPulse(AdoptionCase):
    """The weekly pulse: bad input, the prompt, the web client's session
    after an answer, and who reads whose answers."""

    def test_pulse_bad_input(self):
        self.charter.scope_user_ids = [Command.link(self.user.id)]
        Pulse = self.env["hypercare.pulse"].with_user(self.user)
        for score in (0, 6, -1):
            with self.subTest(score=score), self.assertRaises(ValidationError):
                Pulse.create(
                    {"charter_id": self.charter.id, "score": score, "date": MID_LAST}
                )
        self._pulse(self.user, 3, when=LAST_START)
        # Sunday 23:59:59 Brussels is the same week: refused
        with self.assertRaises(ValidationError):
            self._pulse(self.user, 5, when=JUST_BEFORE_CURRENT)
        # the database holds the range too
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(IntegrityError),
            self.env.cr.savepoint(),
        ):
            self.env.cr.execute(
                "UPDATE hypercare_pulse SET score = 7 WHERE user_id = %s",
                (self.user.id,),
            )
        pulses = self.env["hypercare.pulse"].search([("user_id", "=", self.user.id)])
        self.assertEqual(pulses.mapped("score"), [3])
        # the next week is a new week
        self._pulse(self.user, 5, when=CURRENT_START)
        # a closed charter takes no more answers
        self.charter.sudo()._hypercare_set_state({"state": "closed"})
        with self.assertRaisesRegex(ValidationError, "closed"):
            self._pulse(self.scope[0], 4)
        self.assertFalse(
            self.env["hypercare.pulse"].search([("user_id", "=", self.scope[0].id)])
        )

    def test_pulse_prompt(self):
        Pulse = self.env["hypercare.pulse"]
        with freeze_time(NOW):
            # not in scope, not a champion: not asked
            self.assertFalse(Pulse.with_user(self.user).hypercare_pulse_prompt())
            self.charter.scope_user_ids = [(4, self.user.id)]
            prompt = Pulse.with_user(self.user).hypercare_pulse_prompt()
            self.assertEqual(prompt["charter_id"], self.charter.id)
            self.assertIn("How confident", prompt["question"])
            # champions are asked too
            self.assertTrue(
                Pulse.with_user(self.champion_user).hypercare_pulse_prompt()
            )
            Pulse.with_user(self.user).hypercare_pulse_answer(
                self.charter.id, 4, " Better every day "
            )
            self.assertFalse(Pulse.with_user(self.user).hypercare_pulse_prompt())
            Pulse.with_user(self.champion_user).hypercare_pulse_dismiss(self.charter.id)
            self.assertFalse(
                Pulse.with_user(self.champion_user).hypercare_pulse_prompt()
            )
        pulse = Pulse.search([("user_id", "=", self.user.id)])
        self.assertEqual((pulse.score, pulse.comment), (4, "Better every day"))
        self.assertEqual(str(pulse.week_start), "2026-11-30")
        self.assertEqual(pulse.business_function, False)
        # next week: asked again
        with freeze_time(datetime(2026, 12, 6, 23, 0, 0)):
            self.assertTrue(Pulse.with_user(self.user).hypercare_pulse_prompt())
            self.assertTrue(
                Pulse.with_user(self.champion_user).hypercare_pulse_prompt()
            )

    def test_session_info_after_the_pulse(self):
        """The web client boots from ``session_info`` serialised with
        ``json.dumps``: a stored dismissal (a date) or an answer must not
        break it, or every page of that user answers 500."""
        Pulse = self.env["hypercare.pulse"]
        self.charter.scope_user_ids = [Command.link(self.user.id)]
        for user, act in (
            (self.user, lambda p: p.hypercare_pulse_dismiss(self.charter.id)),
            (
                self.champion_user,
                lambda p: p.hypercare_pulse_answer(self.charter.id, 5, "Fine"),
            ),
        ):
            with freeze_time(NOW):
                act(Pulse.with_user(user))
                env = self.env(user=user)
                with MockRequest(env) as request:
                    request.session.uid = user.id
                    info = env["ir.http"].session_info()
            json.dumps(info)
            json_scriptsafe.dumps(info)
            self.assertNotIn(
                "hypercare_pulse_dismissed_week", info["user_settings"], user.login
            )
        self.assertTrue(self.user.res_users_settings_ids.hypercare_pulse_dismissed_week)

    def test_access_pulses_own_only(self):
        self.charter.scope_user_ids = [
            Command.link(u.id) for u in (self.user, *self.scope)
        ]
        mine = self._pulse(self.user, 4)
        theirs = self._pulse(self.scope[0], 2)
        Pulse = self.env["hypercare.pulse"].with_user(self.user)
        self.assertEqual(Pulse.search([]), mine)
        with self.assertRaises(AccessError):
            theirs.with_user(self.user).read(["score"])
        with self.assertRaises(AccessError):
            Pulse.create(
                {
                    "charter_id": self.charter.id,
                    "user_id": self.scope[1].id,
                    "score": 5,
                    "date": MID_LAST,
                }
            )
        with self.assertRaises(AccessError):
            mine.with_user(self.user).write({"score": 5})
        # champions read their charter's answers, managers all
        champion = self.env["hypercare.pulse"].with_user(self.champion_user)
        self.assertEqual(champion.search([]), mine | theirs)
