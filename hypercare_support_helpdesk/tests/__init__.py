from . import test_helpdesk_carrier
from . import test_helpdesk_access
from . import test_sla_helpdesk
from . import test_exit_gate_helpdesk
from . import test_helpdesk_triage
from . import test_helpdesk_tour
from . import test_helpdesk_report
from . import test_helpdesk_mail
