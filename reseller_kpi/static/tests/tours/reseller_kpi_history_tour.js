import {checkPivotCell} from "@reseller_kpi/../tests/tours/utils/pivot";
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
        checkPivotCell({
            content: "This month's revenue of the two confirmed orders is 250.00",
            row: "sales.revenue · Revenue",
            column: luxon.DateTime.local().toFormat("MMMM yyyy"),
            expected: "250.00",
        }),
        checkPivotCell({
            content: "Last month had no sale: 0.00",
            row: "sales.revenue · Revenue",
            column: luxon.DateTime.local().minus({months: 1}).toFormat("MMMM yyyy"),
            expected: "0.00",
        }),
    ],
});
