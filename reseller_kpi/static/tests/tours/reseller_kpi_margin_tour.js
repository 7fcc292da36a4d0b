import {checkPivotCell} from "@reseller_kpi/../tests/tours/utils/pivot";
import {registry} from "@web/core/registry";
import {openResellerKpiApp} from "@reseller_kpi/../tests/tours/utils/app";

// A salesperson opens the app and reads the margin of a category.
registry.category("web_tour.tours").add("reseller_kpi_margin_by_category_tour", {
    url: "/odoo",
    steps: () => [
        ...openResellerKpiApp(),
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
        checkPivotCell({
            content: "The category's margin this month is 30.00",
            row: "Tour Category",
            column: luxon.DateTime.local().toFormat("MMMM yyyy"),
            // the measures are the untaxed total, then the margin
            measureIndex: 1,
            expected: "30.00",
        }),
        checkPivotCell({
            content: "Its untaxed total this month is 100.00",
            row: "Tour Category",
            column: luxon.DateTime.local().toFormat("MMMM yyyy"),
            expected: "100.00",
        }),
    ],
});
