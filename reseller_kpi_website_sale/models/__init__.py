from . import reseller_kpi_collector
from . import reseller_kpi_family_shop
from . import reseller_kpi_coded
from . import reseller_kpi_demo_generator
