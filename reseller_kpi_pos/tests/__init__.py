from . import test_pos_kpis
from . import test_pos_drilldown
from . import test_pos_demo
