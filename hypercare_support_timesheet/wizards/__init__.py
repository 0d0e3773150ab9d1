from . import hypercare_charter_extend
