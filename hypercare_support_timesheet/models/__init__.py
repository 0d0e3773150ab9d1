from . import hypercare_charter
from . import project_project
