import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

// A manager recomputes the KPIs, lands on the history and reads this month's revenue.
registry.category("web_tour.tours").add("reseller_kpi_recompute_history_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Reseller KPIs app",
            trigger: '.o_app[data-menu-xmlid="reseller_kpi.reseller_kpi_menu_root"]',
            run: "click",
        },
        {
            content: "Open the Configuration menu",
            trigger:
                '.dropdown-toggle[data-menu-xmlid="reseller_kpi.reseller_kpi_menu_configuration"]',
            run: "click",
        },
        {
            content: "Open Recompute KPIs",
            trigger: '.dropdown-item[data-menu-xmlid="reseller_kpi.reseller_kpi_recompute_menu"]',
            run: "click",
        },
        {
            content: "Recompute the default range (24 months)",
            trigger: '.modal button[name="action_recompute"]',
            run: "click",
        },
        {
            content: "The history opens with the revenue row",
            trigger: ".o_pivot th.o_pivot_header_cell_closed:contains(sales.revenue)",
        },
        {
            content: "This month's revenue of the confirmed order is there",
            trigger: ".o_pivot td.o_pivot_cell_value:contains(250.00)",
        },
    ],
});
