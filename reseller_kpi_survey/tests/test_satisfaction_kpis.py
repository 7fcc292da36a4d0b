"""NPS, CES, CSAT and response rate stored by period, company, team and salesperson.

Company time zone Europe/Paris (UTC+1 until 29 March 2026, UTC+2 after): an
answer at 23:45 UTC on 28 February is a March answer, one at 22:30 UTC on
31 March is an April answer. Every expected value is computed by hand below.
"""

from datetime import date

from odoo.tests import tagged

from odoo.addons.reseller_kpi.engine.periods import Period

from .common import SatisfactionCase

MARCH = Period("month", date(2026, 3, 1), date(2026, 3, 31))
APRIL = Period("month", date(2026, 4, 1), date(2026, 4, 30))
JANUARY = Period("month", date(2026, 1, 1), date(2026, 1, 31))


@tagged("post_install", "-at_install")
class TestSatisfactionKpis(SatisfactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.p1 = Partner.create({"name": "Survey customer 1", "is_company": True, "email": "p1@example.com"})
        cls.p1_buyer = Partner.create({"name": "P1 buyer", "parent_id": cls.p1.id, "email": "buyer@p1.example.com"})
        cls.p2 = Partner.create({"name": "Survey customer 2", "is_company": True, "email": "p2@example.com"})
        cls.p3 = Partner.create({"name": "Survey customer 3", "is_company": True, "email": "p3@example.com"})
        cls.other = cls.env["res.company"].create({"name": "Other satisfied company"})
        t1, t2, u1, u2 = cls.team1, cls.team2, cls.u1, cls.u2
        answer = cls.answer
        # invited in March, answered in March
        cls.a1 = answer(cls.p1_buyer, "2026-03-02 10:00", "2026-03-05 10:00", t1, u1, nps=10, ces=7, csat=5)
        cls.a2 = answer(cls.p2, "2026-03-03 10:00", "2026-03-10 10:00", t1, u1, nps=9, ces=6, csat=4)
        # a score of 0 is an answer (a detractor)
        cls.a3 = answer(cls.p1, "2026-03-04 10:00", "2026-03-12 10:00", t1, u2, nps=0, ces=2, csat=1)
        # a passive who skipped the CSAT question
        cls.a4 = answer(cls.p3, "2026-03-05 10:00", "2026-03-20 10:00", t2, u2, nps=7, ces=5, skipped=[cls.q_csat])
        # invited, never answered
        answer(cls.p3, "2026-03-06 10:00", None, t2, u2)
        # invited in February, answered on 1 April in Paris (31 March 22:30 UTC)
        cls.a6 = answer(cls.p2, "2026-02-20 10:00", "2026-03-31 22:30", t2, u1, nps=6)
        # invited and answered on 1 March in Paris (28 February in UTC)
        cls.a7 = answer(cls.p3, "2026-02-28 23:30", "2026-02-28 23:45", t1, u1, nps=9, ces=4, csat=4)
        # a test entry and another company's answer never count
        answer(cls.p1, "2026-03-02 10:00", "2026-03-02 11:00", t1, u1, nps=0, ces=1, csat=1, test_entry=True)
        answer(cls.p1, "2026-03-02 10:00", "2026-03-02 11:00", nps=10, ces=7, csat=5, company=cls.other)
        # an answer of the company without an invitation time (stamped so before 18.0.1.3): scores yes,
        # response rate no
        answer(cls.p2, None, "2026-03-15 10:00", nps=3, ces=3, csat=2)
        cls.Value = cls.env["reseller.kpi.value"]
        cls.Value._refresh(cls.company | cls.other, [JANUARY, MARCH, APRIL], refresh_records=False)

    def value(self, code, dimension=None, period=MARCH, company=None):
        domain = [
            ("kpi_code", "=", code),
            ("period_type", "=", period.period_type),
            ("date_start", "=", period.date_start),
            ("company_id", "=", (company or self.company).id),
            ("res_model", "=", dimension._name if dimension else False),
        ]
        if dimension:
            domain.append(("res_id", "=", dimension.id))
        record = self.Value.search(domain)
        self.assertEqual(len(record), 1, f"one stored {code} for {dimension}")
        return (record.value if record.has_value else None, record.numerator, record.denominator)

    def test_company(self):
        # NPS answers 10, 9, 0, 7, 9 and 3 (public): 3 promoters, 2 detractors out of 6
        self.assertAlmostEqual(self.value("survey.nps")[0], 100.0 / 6)
        self.assertEqual(self.value("survey.nps")[1:], (1, 6))
        # CES 7 + 6 + 2 + 5 + 4 + 3 = 27 over 6
        self.assertEqual(self.value("survey.ces"), (4.5, 27, 6))
        # CSAT 5, 4, 1, 4, 2 (a4 skipped it): 3 of 5 are 4 or 5
        self.assertEqual(self.value("survey.csat"), (60.0, 3, 5))
        # invitations sent in March: a1, a2, a3, a4, the unanswered one, a7 = 6; answered (by now): 5
        self.assertAlmostEqual(self.value("survey.response_rate")[0], 500.0 / 6)
        self.assertEqual(self.value("survey.response_rate")[1:], (5, 6))

    def test_teams(self):
        # team 1: a1 10, a2 9, a3 0, a7 9 -> (3 - 1) / 4
        self.assertEqual(self.value("survey.nps", self.team1), (50.0, 2, 4))
        self.assertEqual(self.value("survey.ces", self.team1), (4.75, 19, 4))
        self.assertEqual(self.value("survey.csat", self.team1), (75.0, 3, 4))
        self.assertEqual(self.value("survey.response_rate", self.team1), (100.0, 4, 4))
        # team 2: only a passive -> NPS 0; its only CSAT was skipped -> empty
        self.assertEqual(self.value("survey.nps", self.team2), (0.0, 0, 1))
        self.assertEqual(self.value("survey.ces", self.team2), (5.0, 5, 1))
        self.assertEqual(self.value("survey.csat", self.team2), (None, 0, 0))
        self.assertEqual(self.value("survey.response_rate", self.team2), (50.0, 1, 2))

    def test_salespeople(self):
        # seller 1: a1, a2, a7, all promoters
        self.assertEqual(self.value("survey.nps", self.u1), (100.0, 3, 3))
        self.assertAlmostEqual(self.value("survey.ces", self.u1)[0], 17 / 3)
        self.assertEqual(self.value("survey.csat", self.u1), (100.0, 3, 3))
        self.assertEqual(self.value("survey.response_rate", self.u1), (100.0, 3, 3))
        # seller 2: a3 (0) and a4 (7) -> (0 - 1) / 2
        self.assertEqual(self.value("survey.nps", self.u2), (-50.0, -1, 2))
        self.assertEqual(self.value("survey.csat", self.u2), (0.0, 0, 1))
        self.assertAlmostEqual(self.value("survey.response_rate", self.u2)[0], 200.0 / 3)

    def test_all_detractors_and_no_invitation(self):
        # April: a6 (6) only -> -100; no CES or CSAT answer; no invitation sent in April -> empty (a6's
        # answer belongs to February's invitations: it never lifts April above 100 %)
        self.assertEqual(self.value("survey.nps", period=APRIL), (-100.0, -1, 1))
        self.assertEqual(self.value("survey.ces", period=APRIL), (None, 0, 0))
        self.assertEqual(self.value("survey.response_rate", period=APRIL), (None, 0, 0))

    def test_response_rate_is_a_share_of_the_period_invitations(self):
        # February: a6, invited on 20 February and answered on 1 April, is February's one answered invitation
        february = Period("month", date(2026, 2, 1), date(2026, 2, 28))
        self.Value._refresh(self.company, [february], refresh_records=False)
        self.assertEqual(self.value("survey.response_rate", period=february), (100.0, 1, 1))
        self.assertEqual(self.value("survey.response_rate", self.u1, period=february), (100.0, 1, 1))

    def test_empty_period(self):
        for code in ("survey.nps", "survey.ces", "survey.csat", "survey.response_rate"):
            self.assertIsNone(self.value(code, period=JANUARY)[0], code)

    def test_other_company(self):
        self.assertEqual(self.value("survey.nps", company=self.other), (100.0, 1, 1))
        # its one invitation of March was answered
        self.assertEqual(self.value("survey.response_rate", company=self.other), (100.0, 1, 1))

    def test_rerun_replaces(self):
        before = self.Value.search_count([("kpi_code", "=like", "survey.%")])
        self.Value._refresh(self.company, [MARCH], refresh_records=False)
        self.assertEqual(self.Value.search_count([("kpi_code", "=like", "survey.%")]), before)

    def test_customer_figures(self):
        Collector = self.env["reseller.kpi.collector"]
        Collector._refresh_satisfaction_records(self.company)
        Collector._refresh_satisfaction_records(self.other)
        p1, p2 = self.p1.with_company(self.company), self.p2.with_company(self.company)
        # the contact's 10 on 5 March, then the company's 0 on 12 March: the last is 0, a detractor
        self.assertEqual(p1.reseller_kpi_last_nps, 0)
        self.assertEqual(p1.reseller_kpi_nps_category, "detractor")
        self.assertEqual(p1.reseller_kpi_last_nps_date, date(2026, 3, 12))
        # 6 answered on 1 April in Paris
        self.assertEqual((p2.reseller_kpi_last_nps, p2.reseller_kpi_nps_category), (6, "detractor"))
        self.assertEqual(p2.reseller_kpi_last_nps_date, date(2026, 4, 1))
        # the other company sees its own answer only
        self.assertEqual(self.p1.with_company(self.other).reseller_kpi_nps_category, "promoter")
        self.assertFalse(self.p1_buyer.with_company(self.company).reseller_kpi_nps_category)

    def test_drill_down(self):
        value = self.Value.search(
            [
                ("kpi_code", "=", "survey.nps"),
                ("date_start", "=", MARCH.date_start),
                ("period_type", "=", "month"),
                ("res_model", "=", "crm.team"),
                ("res_id", "=", self.team1.id),
                ("company_id", "=", self.company.id),
            ]
        )
        action = value.action_open_records(record_set_ref="satisfaction:nps_answers")
        self.assertEqual(action["res_model"], "survey.user_input")
        records = self.env["survey.user_input"].search(action["domain"])
        self.assertEqual(records, self.a1 | self.a2 | self.a3 | self.a7)
        # several record sets: the value offers them with their counts
        wizard_action = value.action_open_records()
        wizard = self.env[wizard_action["res_model"]].browse(wizard_action["res_id"])
        self.assertEqual(
            [(line.ref, line.count) for line in wizard.line_ids],
            [("satisfaction:nps_answers", 4), ("satisfaction:promoters", 3), ("satisfaction:detractors", 1)],
        )
        rate = self.Value.search(
            [
                ("kpi_code", "=", "survey.response_rate"),
                ("date_start", "=", MARCH.date_start),
                ("period_type", "=", "month"),
                ("res_model", "=", False),
                ("company_id", "=", self.company.id),
            ]
        )
        Answers = self.env["survey.user_input"]
        invitations = Answers.search(rate.action_open_records("satisfaction:invitations")["domain"])
        responses = Answers.search(rate.action_open_records("satisfaction:responses")["domain"])
        # the 6 invitations of March and the 5 answers of March (all among them)
        self.assertEqual((len(invitations), len(responses)), (6, 5))
        self.assertLessEqual(responses, invitations)
        self.assertNotIn(self.a6, invitations)
