from . import hypercare_charter_extend
from . import hypercare_charter_close
from . import hypercare_report_issue
from . import hypercare_report_issue_floor
from . import hypercare_scope_fill
from . import hypercare_ticket_escalate
from . import hypercare_report_issue_known
from . import hypercare_ticket_reopen
