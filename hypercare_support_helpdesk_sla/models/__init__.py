from . import helpdesk_sla
from . import helpdesk_ticket
from . import helpdesk_ticket_sla
from . import helpdesk_ticket_team
from . import hypercare_charter
