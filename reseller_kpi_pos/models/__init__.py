from . import reseller_kpi_collector
from . import reseller_kpi_family_sales
from . import reseller_kpi_demo_generator
