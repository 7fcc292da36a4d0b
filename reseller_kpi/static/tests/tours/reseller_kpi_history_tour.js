import {checkPivotCell} from "@reseller_kpi/../tests/tours/utils/pivot";
import {registry} from "@web/core/registry";
import {openResellerKpiApp} from "@reseller_kpi/../tests/tours/utils/app";

// A manager asks for the KPIs to be recomputed and lands on the list of requests.
registry.category("web_tour.tours").add("reseller_kpi_recompute_history_tour", {
    url: "/odoo",
    steps: () => [
        ...openResellerKpiApp(),
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
            content: "The request is queued, to run in the background",
            trigger: '.o_list_view .o_data_row .o_field_widget[name="state"]:contains("Queued")',
        },
    ],
});

// Once the scheduled action has run the request, the manager reads this month's revenue.
registry.category("web_tour.tours").add("reseller_kpi_read_history_tour", {
    url: "/odoo/action-reseller_kpi.reseller_kpi_value_action",
    steps: () => [
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
