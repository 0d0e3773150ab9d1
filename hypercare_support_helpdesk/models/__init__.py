from . import helpdesk_ticket_stage
from . import helpdesk_ticket_team
from . import helpdesk_ticket
from . import hypercare_charter
from . import hypercare_triage_session
from . import hypercare_floor_log
from . import hypercare_known_issue
