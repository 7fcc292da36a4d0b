{
    "name": "Reseller KPIs - Customer Satisfaction",
    "summary": "NPS, CES, CSAT and response rate from Odoo surveys, stored with the reseller KPIs",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "website": "https://github.com/reseller-kpi/reseller-kpi",
    "author": "Reseller KPI contributors",
    "maintainers": ["reseller-kpi"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "depends": ["reseller_kpi", "survey"],
    "data": [
        "views/reseller_kpi_survey_menus.xml",
    ],
}
