import {registry} from "@web/core/registry";
import {openResellerKpiApp} from "@reseller_kpi/../tests/tours/utils/app";

const card = (code) => `.o_rk_section[data-family="shop"] .o_rk_card[data-code="${code}"]`;

// A salesperson on all documents opens last month's web shop section, reads that two carts of
// three were abandoned and opens them: the list holds the two carts left.
registry.category("web_tour.tours").add("reseller_kpi_shop_tour", {
    url: "/odoo",
    steps: () => [
        ...openResellerKpiApp(),
        {
            content: "Go to the previous month",
            trigger: ".o_rk_previous",
            run: "click",
        },
        {
            content: "The web shop section counts three carts",
            trigger: `${card("shop.carts")} .o_rk_card_value:contains("3")`,
        },
        {
            content: "Two of them abandoned",
            trigger: `${card("shop.abandoned_rate")} .o_rk_card_value:contains("66.7")`,
        },
        {
            content: "Open the abandoned rate",
            trigger: card("shop.abandoned_rate"),
            run: "click",
        },
        {
            content: "Open the abandoned carts",
            trigger: '.o_field_widget[name="line_ids"] .o_data_row:contains("Abandoned carts") button',
            run: "click",
        },
        {
            content: "The list holds the two carts left",
            trigger: '.o_list_view .o_data_row:contains("Tour left two")',
            run() {
                const rows = document.querySelectorAll(".o_list_view .o_data_row").length;
                if (rows !== 2) {
                    throw new Error(`two abandoned carts expected, the list holds ${rows}`);
                }
            },
        },
    ],
});
