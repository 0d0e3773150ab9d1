from . import hypercare_ticket_mixin
from . import hypercare_charter
from . import hypercare_severity
from . import hypercare_champion
from . import project_project
from . import project_task_type
from . import project_task
