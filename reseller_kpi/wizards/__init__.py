from . import reseller_kpi_recompute
from . import reseller_kpi_drilldown
from . import reseller_kpi_report_wizard
