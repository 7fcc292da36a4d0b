import {registry} from "@web/core/registry";
import {openResellerKpiApp} from "@reseller_kpi/../tests/tours/utils/app";

const {DateTime} = luxon;
const thisMonth = () => DateTime.local().toFormat("MMMM yyyy");
const lastMonth = () => DateTime.local().minus({months: 1}).startOf("month").toFormat("MMMM yyyy");
const card = (code) => `.o_rk_card[data-code="${code}"]`;
// the number of churned customers the dashboard shows, compared with the list it opens
let churnedShown = null;

// A salesperson opens the app on the dashboard, reads this month's revenue, moves to last month,
// opens its churned customers, finds as many as the dashboard says, and comes back.
registry.category("web_tour.tours").add("reseller_kpi_dashboard_salesperson_tour", {
    url: "/odoo",
    steps: () => [
        ...openResellerKpiApp(),
        {
            content: "The app opens on this month's dashboard, in progress",
            trigger: `.o_rk_period:contains("${thisMonth()}")`,
        },
        {
            content: "This month's revenue is the 250.00 of the two orders",
            trigger: `${card("sales.revenue")} .o_rk_card_value:contains("250.00")`,
        },
        {
            content: "Go to the previous month",
            trigger: ".o_rk_previous",
            run: "click",
        },
        {
            content: "Last month is shown",
            trigger: `.o_rk_period:contains("${lastMonth()}")`,
        },
        {
            content: "Read the churned customers of the movement",
            trigger: '.o_rk_movement tr[data-code="customers.churned"] td:last-child:contains("1")',
            run() {
                churnedShown = parseInt(this.anchor.textContent.trim());
            },
        },
        {
            content: "Open them",
            trigger: '.o_rk_movement tr[data-code="customers.churned"]',
            run: "click",
        },
        {
            content: "The list holds exactly the churned customer",
            trigger: '.o_list_view .o_data_row:contains("Tour Lost Customer")',
            run() {
                const rows = document.querySelectorAll(".o_list_view .o_data_row").length;
                if (rows !== churnedShown) {
                    throw new Error(`the dashboard says ${churnedShown} churned, the list holds ${rows}`);
                }
            },
        },
        {
            content: "Come back to the dashboard",
            trigger: ".o_breadcrumb .o_back_button a, .o_breadcrumb li.breadcrumb-item:first-child a",
            run: "click",
        },
        {
            content: "It is still on last month",
            trigger: `.o_rk_period:contains("${lastMonth()}")`,
        },
    ],
});

// A manager sets a target on this month's revenue and sees its status on the card.
registry.category("web_tour.tours").add("reseller_kpi_dashboard_target_tour", {
    url: "/odoo/action-reseller_kpi.reseller_kpi_target_action",
    steps: () => [
        {
            content: "Add a target",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "On the revenue",
            trigger: '.o_data_row .o_field_widget[name="kpi_code"] select',
            run: 'select "sales.revenue"',
        },
        {
            content: "Of 200.00",
            trigger: '.o_data_row .o_field_widget[name="target_value"] input',
            run: "edit 200",
        },
        {
            content: "Save it",
            trigger: ".o_list_button_save",
            run: "click",
        },
        {
            content: "It is saved",
            trigger: '.o_data_row:not(.o_selected_row) .o_field_widget[name="status"]:contains("Met")',
        },
        {
            content: "Open the dashboard",
            trigger: '.o_menu_sections [data-menu-xmlid="reseller_kpi.reseller_kpi_dashboard_menu"]',
            run: "click",
        },
        {
            content: "The revenue card shows the target met",
            trigger: `${card("sales.revenue")} .o_rk_target:contains("Met"):contains("200.00")`,
        },
    ],
});
