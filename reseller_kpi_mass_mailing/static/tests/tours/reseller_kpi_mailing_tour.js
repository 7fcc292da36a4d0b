import {registry} from "@web/core/registry";
import {openResellerKpiApp} from "@reseller_kpi/../tests/tours/utils/app";

const card = (code) => `.o_rk_section[data-family="mailing"] .o_rk_card[data-code="${code}"]`;
let sentShown = null;

// A marketer opens the dashboard, finds last month's e-mail marketing section, reads how many
// e-mails were sent and opens them: the list holds as many traces as the card says.
registry.category("web_tour.tours").add("reseller_kpi_mailing_tour", {
    url: "/odoo",
    steps: () => [
        ...openResellerKpiApp(),
        {
            content: "Go to the previous month",
            trigger: ".o_rk_previous",
            run: "click",
        },
        {
            content: "The e-mail marketing section shows the deliverability of the 3 e-mails sent",
            trigger: `${card("mailing.delivery_rate")} .o_rk_card_value:contains("66.7")`,
        },
        {
            content: "Read the e-mails sent",
            trigger: `${card("mailing.sent")} .o_rk_card_value:contains("3")`,
            run() {
                sentShown = parseInt(this.anchor.textContent.trim());
            },
        },
        {
            content: "Open them",
            trigger: card("mailing.sent"),
            run: "click",
        },
        {
            content: "The list holds exactly the e-mails sent",
            trigger: '.o_list_view .o_data_row:contains("tour.reader@example.com")',
            run() {
                const rows = document.querySelectorAll(".o_list_view .o_data_row").length;
                if (rows !== sentShown) {
                    throw new Error(`the dashboard says ${sentShown} sent, the list holds ${rows}`);
                }
            },
        },
    ],
});
