from . import document_page
from . import hypercare_charter
from . import hypercare_self_help_deflection
from . import hypercare_ticket_mixin
