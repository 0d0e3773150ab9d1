from . import test_partner_budget
