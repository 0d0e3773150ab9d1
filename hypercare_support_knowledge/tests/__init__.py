from . import test_knowledge_publish
from . import test_knowledge_search
from . import test_knowledge_access
from . import test_self_help_deflection
from . import test_self_help_tour
from . import test_knowledge_access_matrix
from . import test_knowledge_combined_actors
from . import test_knowledge_phone
