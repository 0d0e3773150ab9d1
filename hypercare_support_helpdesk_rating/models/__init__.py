from . import helpdesk_ticket
from . import hypercare_charter
from . import rating_rating
