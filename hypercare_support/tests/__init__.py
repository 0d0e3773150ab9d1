from . import test_sla
from . import test_scan
from . import test_charter
from . import test_champion
from . import test_access
from . import test_exit_gate
from . import test_first_close
from . import test_extension
