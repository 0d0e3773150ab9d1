from odoo import api, fields, models
from odoo.exceptions import AccessError

MANAGER_GROUP = "hypercare_support.group_hypercare_manager"
CHAMPION_GROUP = "hypercare_support.group_hypercare_champion"


class HypercareCharter(models.Model):
    """Who is the charter's staff, defined once (``staff_user_ids``): its
    incident lead, its active roster lines, its partner contact and vendor
    liaison, and its BAU contact once closed. Each of them reads and works
    every ticket of the charter without any other group; the record rules,
    the field protection, the triage actions, the dashboard and the stand-up
    all read this one field (hypercare Managers see every charter).

    Every user reads a charter's name, window and roster (the report dialog
    needs them); what names other people's tickets (the stand-up, its PDF and
    e-mail, the breach digests in the chatter) is for the staff only.
    """

    # one model, one file per concern: the split is deliberate
    # pylint: disable=consider-merging-classes-inherited
    _inherit = "hypercare.charter"

    staff_user_ids = fields.Many2many(
        "res.users",
        "hypercare_charter_staff_rel",
        "charter_id",
        "user_id",
        string="Staff",
        compute="_compute_staff_user_ids",
        store=True,
        help="Who works this charter's tickets: the incident lead, the active "
        "roster, the partner contact, the vendor liaison and, once closed, the "
        "BAU contact. Kept current by the charter's and the roster's writes; "
        "every access rule reads it.",
    )

    @api.depends(
        "state",
        "incident_lead_id",
        "partner_contact_id",
        "vendor_liaison_id",
        "bau_contact_id",
        "champion_ids.user_id",
        "champion_ids.active",
    )
    def _compute_staff_user_ids(self):
        for charter in self:
            roster = charter.with_context(active_test=False).champion_ids
            staff = (
                roster.filtered("active").user_id
                | charter.incident_lead_id
                | charter.partner_contact_id
                | charter.vendor_liaison_id
            )
            if charter.state == "closed":
                staff |= charter.bau_contact_id
            if staff != charter.staff_user_ids:
                # the menus (cached per user) show the dashboard to the staff
                self.env.registry.clear_cache()
            charter.staff_user_ids = staff

    def _hypercare_flush_staff(self):
        """Write the staff now: the rules read it through its relation table,
        which a search does not flush (Odoo flushes the columns a query
        names, not a many2many's table), so a change of the roster or of a
        named role must be there for the next search of the transaction."""
        self.env["hypercare.charter"].flush_model(["staff_user_ids"])

    def _hypercare_staff_charters(self, user=None):
        """The charters of ``self`` that ``user`` (default: the current user)
        staffs: all of them for a hypercare Manager (and the superuser),
        else those listing them in ``staff_user_ids``."""
        if user is None:
            if self.env.su:
                return self
            user = self.env.user
        if user.has_group(MANAGER_GROUP):
            return self
        staffed = self.sudo().filtered(lambda charter: user in charter.staff_user_ids)
        return self.browse(staffed.ids)

    def _hypercare_check_staff(self):
        """Refuse the stand-up and the reports to anyone but the staff."""
        outside = self - self._hypercare_staff_charters()
        if outside:
            raise AccessError(
                self.env._(
                    "The stand-up and the reports of %(charters)s are for the "
                    "charter's champions and the hypercare managers.",
                    charters=", ".join(outside.sudo().mapped("display_name")),
                )
            )

    def _mail_get_operation_for_mail_message_operation(self, message_operation):
        """The chatter of a charter carries breach digests and stand-ups that
        name tickets: reading it takes being on the staff. Others would need
        write access to the charter, which only managers (staff) hold."""
        result = super()._mail_get_operation_for_mail_message_operation(
            message_operation
        )
        if message_operation == "read":
            for charter in self - self._hypercare_staff_charters():
                result[charter] = "write"
        return result

    @api.model
    def _hypercare_check_carrier_access(self, vals):
        """Naming a project (a helpdesk team) as a charter's carrier hands its
        tasks to the hypercare groups: it takes the right to change that
        project, which a hypercare Manager who is not a Project manager lacks
        on projects that carry no charter."""
        if self.env.su:
            return
        for fname in self._hypercare_carrier_fields():
            if vals.get(fname):
                carrier = self.env[self._fields[fname].comodel_name].browse(vals[fname])
                carrier.check_access("write")
