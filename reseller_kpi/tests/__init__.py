from . import test_security
from . import test_demo_generator
from . import test_ui
from . import test_engine
from . import test_kpi_values
from . import test_drilldown
from . import test_data_safety
from . import test_odoo_places
