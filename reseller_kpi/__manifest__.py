{
    "name": "Reseller KPIs",
    "summary": "Margins per category, supplier delivery, customer lifecycle, CLV, "
    "CRM and break-even KPIs for resellers, with history and PDF reports",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "website": "https://github.com/reseller-kpi/reseller-kpi",
    "author": "Reseller KPI contributors",
    "maintainers": ["reseller-kpi"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "application": True,
    "depends": [
        "sale_management",
        "sale_margin",
        "sale_stock",
        "purchase_stock",
        "account",
        "crm",
        "mail",
    ],
    "data": [
        "security/reseller_kpi_security.xml",
        "security/ir.model.access.csv",
        "data/account_account_tag_data.xml",
        "data/reseller_kpi_data.xml",
        "data/mail_template_data.xml",
        "report/reseller_kpi_management_report.xml",
        "views/reseller_kpi_value_views.xml",
        "views/res_config_settings_views.xml",
        "views/res_partner_views.xml",
        "views/product_category_views.xml",
        "views/reseller_kpi_report_wizard_views.xml",
        "views/reseller_kpi_menus.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "reseller_kpi/static/src/dashboard/*",
        ],
        "web.assets_tests": [
            "reseller_kpi/static/tests/tours/**/*.js",
        ],
    },
}
