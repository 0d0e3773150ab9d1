from . import test_helpdesk_satisfaction
