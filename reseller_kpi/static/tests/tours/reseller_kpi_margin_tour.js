import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

// A salesperson opens the app and reads the margin of a category.
registry.category("web_tour.tours").add("reseller_kpi_margin_by_category_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Reseller KPIs app",
            trigger: '.o_app[data-menu-xmlid="reseller_kpi.reseller_kpi_menu_root"]',
            run: "click",
        },
        {
            content: "Open the Analysis menu",
            trigger: '.dropdown-toggle[data-menu-xmlid="reseller_kpi.reseller_kpi_menu_analysis"]',
            run: "click",
        },
        {
            content: "Open Margin by Product Category",
            trigger:
                '.dropdown-item[data-menu-xmlid="reseller_kpi.sale_report_menu_margin_by_category"]',
            run: "click",
        },
        {
            content: "The pivot has a row for the category of the confirmed order",
            trigger: ".o_pivot th.o_pivot_header_cell_closed:contains(Tour Category)",
        },
        {
            content: "Its margin is shown",
            trigger: ".o_pivot td.o_pivot_cell_value:contains(30.00)",
        },
    ],
});
