{
    "name": "Reseller KPIs - Point of Sale",
    "summary": "The till's tickets counted in every sales, margin and customer figure of the reseller KPIs, "
    "with the till as a dimension of the sales and margin codes",
    "version": "18.0.1.0.0",
    "category": "Sales/Point of Sale",
    "website": "https://github.com/reseller-kpi/reseller-kpi",
    "author": "Reseller KPI contributors",
    "maintainers": ["reseller-kpi"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    # pos_sale gives a ticket its sales team (the till's); it installs itself with point_of_sale and sales
    "depends": ["reseller_kpi", "point_of_sale", "pos_sale"],
    "auto_install": ["reseller_kpi", "point_of_sale"],
    "data": [
        "views/reseller_kpi_pos_views.xml",
    ],
}
