from . import reseller_kpi_demo
