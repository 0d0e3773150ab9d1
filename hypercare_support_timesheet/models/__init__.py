from . import hypercare_charter
