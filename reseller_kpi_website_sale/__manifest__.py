{
    "name": "Reseller KPIs - Web Shop",
    "summary": "Carts validated and abandoned, visitors, conversion, sign-ups and product views of the web "
    "shop, stored with the reseller KPIs",
    "version": "18.0.1.0.0",
    "category": "Website/Website",
    "website": "https://github.com/reseller-kpi/reseller-kpi",
    "author": "Reseller KPI contributors",
    "maintainers": ["reseller-kpi"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "depends": ["reseller_kpi", "website_sale"],
    "auto_install": True,
    "data": [
        "views/reseller_kpi_website_sale_views.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "reseller_kpi_website_sale/static/tests/tours/*.js",
        ],
    },
}
