/** @odoo-module **/
// A customer opens the invitation, gives the lowest NPS (0) on the mandatory question and explains why.
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("reseller_kpi_survey_detractor_answer", {
    steps: () => [
        {
            content: "Start the satisfaction survey",
            trigger: 'button.btn:contains("Start")',
            run: "click",
        },
        {
            content: "Recommend us: 0 out of 10",
            trigger: 'div.js_question-wrapper:contains("recommend") label[for$="_0"]',
            run: "click",
        },
        {
            content: "Effort: 2 out of 7",
            trigger: 'div.js_question-wrapper:contains("How easy") label[for$="_2"]',
            run: "click",
        },
        {
            content: "Satisfaction: 1 out of 5",
            trigger: 'div.js_question-wrapper:contains("How satisfied") label[for$="_1"]',
            run: "click",
        },
        {
            content: "Say what went wrong",
            trigger: 'div.js_question-wrapper:contains("do better") textarea',
            run: "edit Parcel three weeks late.",
        },
        {
            content: "Submit the answers",
            trigger: 'button[value="finish"]',
            run: "click",
        },
        {
            content: "The survey thanks the customer",
            trigger: '.o_survey_finished:contains("Thank you for your answers")',
        },
    ],
});
