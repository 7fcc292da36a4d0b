from . import reseller_kpi_recompute
from . import reseller_kpi_drilldown
