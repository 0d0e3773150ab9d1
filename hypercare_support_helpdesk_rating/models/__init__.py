from . import helpdesk_ticket
from . import hypercare_charter
