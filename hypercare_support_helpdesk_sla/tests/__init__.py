from . import test_helpdesk_sla
