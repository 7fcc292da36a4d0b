from . import reseller_kpi_recompute
