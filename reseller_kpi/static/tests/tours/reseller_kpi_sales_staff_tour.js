import {registry} from "@web/core/registry";
import {openResellerKpiApp} from "@reseller_kpi/../tests/tours/utils/app";

const card = (code) => `.o_rk_card[data-code="${code}"]`;
const boardRows = ".o_rk_leaderboard tbody tr[data-user]";

// A team leader on their own documents reads their own revenue, opens their team's leaderboard,
// sorts it by revenue, and lists their customers to call.
registry.category("web_tour.tours").add("reseller_kpi_sales_staff_tour", {
    url: "/odoo",
    steps: () => [
        ...openResellerKpiApp(),
        {
            content: "The dashboard says these are the salesperson's own figures",
            trigger: ".o_rk_own",
        },
        {
            content: "Their own revenue this month: the 300.00 order, not the colleague's 120.00",
            trigger: `${card("sales.revenue")} .o_rk_card_value:contains("300.00")`,
        },
        {
            content: "Their own new customers: one",
            trigger: `${card("customers.new")} .o_rk_card_value:contains("1")`,
        },
        {
            content: "Choose the team they lead",
            trigger: ".o_rk_team",
            run: "selectByIndex 1",
        },
        {
            content: "The leaderboard lists the leader first, with 300.00",
            trigger: `${boardRows}:first-child td:contains("300.00")`,
        },
        {
            content: "and the colleague with 120.00",
            trigger: `${boardRows}:contains("Tour Colleague") td:contains("120.00")`,
        },
        {
            content: "Sort by revenue (largest first)",
            trigger: '.o_rk_leaderboard th[data-code="sales.revenue"]',
            run: "click",
        },
        {
            content: "Sort by revenue again (smallest first)",
            trigger: '.o_rk_leaderboard th[data-code="sales.revenue"]:contains("▼")',
            run: "click",
        },
        {
            content: "The colleague now comes first",
            trigger: `${boardRows}:first-child:contains("Tour Colleague")`,
        },
        {
            content: "The team total counts both orders",
            trigger: '.o_rk_board_total td:contains("420.00")',
        },
        {
            content: "List the customers to call",
            trigger: ".o_rk_to_call",
            run: "click",
        },
        {
            content: "The at-risk customer is listed, with its state",
            trigger: '.o_list_view .o_data_row:contains("Tour At-Risk Customer"):contains("At risk")',
            run() {
                const rows = document.querySelectorAll(".o_list_view .o_data_row").length;
                if (rows !== 1) {
                    throw new Error(`one customer to call expected, the list holds ${rows}`);
                }
            },
        },
    ],
});
