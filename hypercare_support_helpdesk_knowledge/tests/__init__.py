from . import test_helpdesk_publish
