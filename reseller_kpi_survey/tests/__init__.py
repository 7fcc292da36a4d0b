from . import test_satisfaction_engine
from . import test_satisfaction_kpis
from . import test_invitations
from . import test_survey_security
from . import test_survey_demo
from . import test_survey_ui
from . import test_privacy
from . import test_digest
