from . import test_mailing_kpis
from . import test_mailing_addresses
from . import test_mailing_demo
from . import test_mailing_ui
