from . import hypercare_knowledge_publish
from . import hypercare_report_issue
