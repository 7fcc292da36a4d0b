from . import reseller_kpi_management_report
