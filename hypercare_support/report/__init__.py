from . import hypercare_charter_report
