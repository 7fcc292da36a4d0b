from odoo import Command
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestSurveyUi(HttpCase):
    def test_customer_answers_zero(self):
        """An invited customer answers 0 on the mandatory NPS question in the browser:
        the answer is stored as a detractor and the salesperson gets an activity with the comment."""
        salesperson = (
            self.env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": "Survey tour seller",
                    "login": "rk_survey_tour_seller",
                    "groups_id": [Command.set([self.env.ref("sales_team.group_sale_salesman").id])],
                }
            )
        )
        customer = self.env["res.partner"].create({"name": "Tour customer", "email": "tour@example.com"})
        order = self.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "user_id": salesperson.id,
                "order_line": [
                    Command.create(
                        {
                            "name": "Advice",
                            "product_uom_qty": 1,
                            "price_unit": 10.0,
                            "product_id": self.env["product.product"]
                            .create({"name": "Tour service", "type": "service"})
                            .id,
                        }
                    )
                ],
            }
        )
        survey = self.env.ref("reseller_kpi_survey.survey_customer_satisfaction")
        answer = self.env["survey.user_input"].create(
            {
                "survey_id": survey.id,
                "partner_id": customer.id,
                "email": customer.email,
                "reseller_kpi_sale_order_id": order.id,
                "reseller_kpi_user_id": salesperson.id,
                "reseller_kpi_invited_at": "2026-03-09 09:00:00",
            }
        )
        self.start_tour(
            f"/survey/start/{survey.access_token}?answer_token={answer.access_token}",
            "reseller_kpi_survey_detractor_answer",
        )
        answer.invalidate_recordset()
        self.assertEqual(answer.state, "done")
        self.assertEqual((answer.reseller_kpi_nps, answer.reseller_kpi_nps_category), (0, "detractor"))
        self.assertEqual((answer.reseller_kpi_ces, answer.reseller_kpi_csat), (2, 1))
        activity = order.activity_ids
        self.assertEqual(activity.user_id, salesperson)
        self.assertIn("Parcel three weeks late.", str(activity.note))
