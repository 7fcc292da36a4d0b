import {registry} from "@web/core/registry";

// A KPI manager follows the link of an alert's activity (/odoo/<firing>/kpi-alert-records): it opens
// the customers behind last month's churn figure, then the firing itself from the breadcrumb-less list.
registry.category("web_tour.tours").add("reseller_kpi_alert_link_tour", {
    steps: () => [
        {
            content: "The link opens the churned customers of the figure",
            trigger: '.o_list_view .o_data_row:contains("Tour Lost Customer")',
            run() {
                const rows = document.querySelectorAll(".o_list_view .o_data_row").length;
                if (rows !== 1) {
                    throw new Error(`the alert's figure is 1 churned customer, the list holds ${rows}`);
                }
            },
        },
        {
            content: "The breadcrumb names the figure",
            trigger: ".o_breadcrumb:contains('Churned customers')",
        },
    ],
});
