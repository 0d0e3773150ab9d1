from . import hypercare_charter
from . import project_project
from . import account_analytic_line
