{
    "name": "Reseller KPIs - E-mail Marketing",
    "summary": "Deliverability, opens, clicks, unsubscribes, marketing pressure, reactivity and revenue of the "
    "mailings, stored with the reseller KPIs",
    "version": "18.0.1.0.0",
    "category": "Marketing/Email Marketing",
    "website": "https://github.com/reseller-kpi/reseller-kpi",
    "author": "Reseller KPI contributors",
    "maintainers": ["reseller-kpi"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "depends": ["reseller_kpi", "mass_mailing"],
    "auto_install": True,
    "data": [
        "views/reseller_kpi_mass_mailing_views.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "reseller_kpi_mass_mailing/static/tests/tours/*.js",
        ],
    },
    "post_init_hook": "post_init_hook",
    "uninstall_hook": "uninstall_hook",
}
