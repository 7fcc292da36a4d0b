"""The dashboard's data on the hand-computed fixture: cards, changes, targets, sparklines, customer
movement, cohorts and break-even pacing, each figure computed by hand in the comments.

Contribution per local day of March (revenue − variable costs = margin − tagged variable costs):
1st 58 (o3), 5th 90 (o2), 10th 46 − 20 of shipping = 26 (o7), 12th 12 (o13), 18th 240 (o11),
20th 140 (o5), 25th 6 (o12): 572 in all; fixed costs 1000 (rent of 10 March). April: 940 on the
1st (o8), rent 500 on the 2nd. May: 40 on the 1st (o9), no fixed costs.
"""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tools.misc import format_amount

from ..engine.codes import REGISTRY
from ..engine.periods import Period
from .common import KpiFixtureCase

JANUARY = Period("month", date(2026, 1, 1), date(2026, 1, 31))
FEBRUARY = Period("month", date(2026, 2, 1), date(2026, 2, 28))
APRIL = Period("month", date(2026, 4, 1), date(2026, 4, 30))
MAY = Period("month", date(2026, 5, 1), date(2026, 5, 31))
MARCH_2025 = Period("month", date(2025, 3, 1), date(2025, 3, 31))


class DashboardCase(KpiFixtureCase):
    """The fixture with January, February, April, May and March 2025 stored, the cohorts and the
    customer and vendor figures as of 15 April 2026."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Value._refresh(cls.company, [JANUARY, FEBRUARY, APRIL, MAY, MARCH_2025], refresh_records=False)
        cls.env["reseller.kpi.cohort"]._refresh_company(cls.company)
        cls.env["reseller.kpi.collector"]._refresh_records(cls.company, today=date(2026, 4, 15))
        cls.Dashboard = cls.env["reseller.kpi.dashboard"]

    def families(self, data):
        """The sections shown of this add-on's families, without those of other add-ons (installed or not)."""
        return [section["family"] for section in data["sections"] if section["family"] in REGISTRY.families]

    def assertTarget(self, card, value, status, achieved):
        self.assertEqual((card["target"]["value"], card["target"]["status"]), (value, status))
        self.assertAlmostEqual(card["target"]["achieved"], achieved)

    def card(self, data, code):
        cards = {card["code"]: card for section in data["sections"] for card in section["cards"]}
        return cards[code]


@tagged("post_install", "-at_install")
class TestDashboard(DashboardCase):
    @freeze_time("2026-04-15 12:00:00")
    def test_cards_against_last_year(self):
        data = self.Dashboard.get_dashboard("month", "2026-03-01", "last_year")
        self.assertEqual(data["period"]["label"], "March 2026")
        self.assertFalse(data["period"]["in_progress"])
        self.assertEqual(data["reference"]["label"], "March 2025")
        self.assertEqual(self.families(data), ["sales", "customers", "data", "delivery", "supplier", "crm", "finance"])
        revenue = self.card(data, "sales.revenue")
        self.assertEqual(revenue["value"], 1100)
        self.assertEqual(revenue["value_id"], self.stored("sales.revenue").id)
        self.assertEqual(revenue["unit"], "amount")
        # March 2025: o6 only (revenue 100, margin 40): +1000 %
        self.assertEqual(revenue["change"]["reference"], 100)
        self.assertAlmostEqual(revenue["change"]["delta"], 1000)
        self.assertEqual((revenue["change"]["unit"], revenue["change"]["trend"]), ("%", "better"))
        self.assertFalse(revenue["to_date"])
        # rates change in percentage points: 53.82 % against 40 %
        rate = self.card(data, "margin.rate")
        self.assertAlmostEqual(rate["change"]["delta"], 592 / 1100 * 100 - 40)
        self.assertEqual((rate["change"]["unit"], rate["change"]["trend"]), ("pp", "better"))
        # churn 50 % against 0 % (C3 and C1 both still active in March 2025): up is worse
        churn = self.card(data, "customers.churn_rate")
        self.assertEqual((churn["value"], churn["change"]["delta"], churn["change"]["trend"]), (50, 50, "worse"))
        # won L3 and L6, lost L4 and L5
        self.assertEqual(self.card(data, "crm.win_rate")["value"], 50)

    @freeze_time("2026-04-15 12:00:00")
    def test_both_comparisons_in_one_build(self):
        both = self.Dashboard.get_dashboard("month", "2026-03-01", "both")
        previous = self.Dashboard.get_dashboard("month", "2026-03-01", "previous")
        last_year = self.Dashboard.get_dashboard("month", "2026-03-01", "last_year")
        self.assertEqual(both["reference"], previous["reference"])
        self.assertEqual(both["reference_last_year"], last_year["reference"])
        for section in both["sections"]:
            for card in section["cards"]:
                with self.subTest(code=card["code"]):
                    self.assertEqual(card["change"], self.card(previous, card["code"])["change"])
                    year_card = self.card(last_year, card["code"])
                    self.assertEqual(card["last_year"]["change"], year_card["change"])
                    self.assertEqual(card["last_year"]["change_text"], year_card["change_text"])
                    self.assertEqual(card["last_year"]["reference_text"], year_card["reference_text"])
        revenue = self.card(both, "sales.revenue")
        # February nothing sold: no change; March 2025: 100, +1,000 %
        self.assertEqual((revenue["change"]["delta"], revenue["last_year"]["change_text"]), (None, "+1,000\xa0%"))

    @freeze_time("2026-04-15 12:00:00")
    def test_panels_carry_their_texts(self):
        data = self.Dashboard.get_dashboard("month", "2026-03-01")
        currency = self.company.currency_id
        self.assertEqual(
            [(c["name"], c["margin_text"], c["rate_text"]) for c in data["categories"]["top"]],
            [
                ("Hardware", format_amount(self.env, 502, currency), "49.7\xa0%"),
                ("Misc", format_amount(self.env, 90, currency), "100.0\xa0%"),
            ],
        )
        self.assertEqual(
            [(v["otd_rate_text"], v["delay_days_text"]) for v in data["vendors"]],
            [("60.0\xa0%", "1.2\xa0d"), ("100.0\xa0%", "0.0\xa0d")],
        )
        self.assertEqual(
            {step["code"]: step["value_text"] for step in data["movement"]["steps"]}["customers.active"], "5"
        )
        # C8, the June 2025 cohort's only customer, orders again in March 2026 (offset 9): 100 %
        june = next(row for row in data["cohorts"]["rows"] if row["cohort"] == "2025-06-01")
        self.assertEqual(june["cells"][8]["rate_text"], "100.0\xa0%")
        self.assertEqual(june["cells"][0]["rate_text"], "0.0\xa0%")

    @freeze_time("2026-04-15 12:00:00")
    def test_sparkline_is_the_last_twelve_periods(self):
        data = self.Dashboard.get_dashboard("month", "2026-03-01")
        spark = self.card(data, "sales.revenue")["spark"]
        self.assertEqual(len(spark), 12)
        self.assertEqual(spark[0]["label"], "April 2025")
        self.assertEqual(spark[-1]["label"], "March 2026")
        # only January, February and March 2026 were computed; January and February had no sale
        self.assertEqual([point["value"] for point in spark], [None] * 9 + [0, 0, 1100])
        # previous period: February, nothing sold, so no relative change
        self.assertEqual(self.card(data, "sales.revenue")["change"]["delta"], None)

    @freeze_time("2026-04-15 12:00:00")
    def test_team_and_targets(self):
        Target = self.env["reseller.kpi.target"]
        Target.create({"kpi_code": "sales.revenue", "date_start": "2026-03-01", "target_value": 1000})
        Target.create({"kpi_code": "customers.churn_rate", "date_start": "2026-03-01", "target_value": 40})
        Target.create(
            {
                "kpi_code": "sales.revenue",
                "date_start": "2026-03-01",
                "target_value": 1000,
                "dimension_ref": f"crm.team,{self.team1.id}",
            }
        )
        data = self.Dashboard.get_dashboard("month", "2026-03-01")
        self.assertTarget(self.card(data, "sales.revenue"), 1000, "green", 110)
        # lower is better: 50 % against 40 % is 10 points off, more than 10 % of 40: red, 40 / 50 achieved
        self.assertTarget(self.card(data, "customers.churn_rate"), 40, "red", 80)
        team = self.Dashboard.get_dashboard("month", "2026-03-01", team_id=self.team1.id)
        self.assertEqual(team["scope"], "team")
        revenue = self.card(team, "sales.revenue")
        self.assertEqual((revenue["value"], revenue["dimension"]), (960, "Team 1"))
        # Team 1's own target: 960 is within 10 % of 1000
        self.assertTarget(revenue, 1000, "amber", 96)
        # the company's churn target is no target of Team 1
        self.assertIsNone(self.card(team, "customers.churn_rate")["target"])
        # codes without a team dimension keep the company's value
        self.assertEqual(self.card(team, "finance.fixed_costs")["value"], 1000)
        self.assertFalse(self.card(team, "finance.fixed_costs")["dimension"])

    @freeze_time("2026-04-15 12:00:00")
    def test_movement_categories_vendors(self):
        data = self.Dashboard.get_dashboard("month", "2026-03-01")
        steps = {step["code"]: step["value"] for step in data["movement"]["steps"]}
        self.assertEqual(
            steps,
            {
                "customers.active_start": 2,
                "customers.new": 2,
                "customers.reactivated": 2,
                "customers.churned": 1,
                "customers.active": 5,
            },
        )
        self.assertEqual(
            steps["customers.active_start"]
            + steps["customers.new"]
            + steps["customers.reactivated"]
            - steps["customers.churned"],
            steps["customers.active"],
        )
        # leaves only (KPI root repeats them): Hardware 502 on 1010, Misc 90 on 90
        top = [(c["name"], c["path"], c["margin"], c["rate"], c["revenue"]) for c in data["categories"]["top"]]
        self.assertEqual(
            top,
            [
                ("Hardware", "KPI root / Hardware", 502, 502 / 1010 * 100, 1010),
                ("Misc", "KPI root / Misc", 90, 100, 90),
            ],
        )
        self.assertEqual(data["categories"]["bottom"], [])
        self.assertEqual(data["categories"]["top"][0]["value_id"], self.stored("margin.amount", self.hardware).id)
        vendors = [(v["name"], v["otd_rate"], v["delay_days"], v["grade"]) for v in data["vendors"]]
        self.assertEqual(vendors, [("V1", 60, 1.2, "D"), ("V2", 100, 0, "A")])

    @freeze_time("2026-04-15 12:00:00")
    def test_cohorts(self):
        """First orders: C3 December 2024, C1 January 2025, C4 March 2025, C8 June 2025 (again in
        March 2026, 9 months later), C2 and C9 March 2026, C6 May 2026."""
        data = self.Dashboard.get_dashboard("month", "2026-03-01")
        rows = {row["cohort"]: row for row in data["cohorts"]["rows"]}
        self.assertEqual(next(iter(rows)), "2025-04-01")
        self.assertEqual(list(rows)[-1], "2026-03-01")
        self.assertEqual(
            {cohort: row["size"] for cohort, row in rows.items() if row["size"]},
            {
                "2025-06-01": 1,
                "2026-03-01": 2,
            },
        )
        june = rows["2025-06-01"]["cells"]
        self.assertEqual([cell["count"] for cell in june[:9]], [0] * 8 + [1])
        self.assertEqual(june[8]["rate"], 100)
        # month 10 is April 2026, in progress; month 11 is May, to come
        self.assertEqual((june[9]["state"], june[9]["count"]), ("in_progress", 0))
        self.assertEqual((june[10]["state"], june[10]["count"], june[10]["rate"]), ("future", None, None))
        self.assertEqual(rows["2026-03-01"]["cells"][0]["state"], "in_progress")
        action = self.Dashboard.action_open_cohort(self.company.id, "2025-06-01", 9)
        self.assertEqual(action["domain"], [("id", "in", [self.c8.id])])
        action = self.Dashboard.action_open_cohort(self.company.id, "2026-03-01", 0)
        self.assertEqual(action["domain"], [("id", "in", sorted((self.c2 | self.c9).ids))])

    def test_daily_contributions_add_up_to_the_month(self):
        days = self.env["reseller.kpi.day"].search(
            [("company_id", "=", self.company.id), ("day", ">=", "2026-03-01"), ("day", "<=", "2026-03-31")]
        )
        self.assertEqual(len(days), 31)
        self.assertAlmostEqual(sum(days.mapped("revenue")), self.value("sales.revenue"))
        self.assertAlmostEqual(sum(days.mapped("variable_costs")), self.value("finance.variable_costs"))
        self.assertEqual(days.filtered(lambda d: d.day == date(2026, 3, 10)).contribution, 26)

    def pacing(self, period_type, day):
        return self.Dashboard.get_dashboard(period_type, day)["pacing"]

    def test_pacing(self):
        with freeze_time("2026-03-20 12:00:00"):
            march = self.pacing("month", "2026-03-20")
        # 566 by the 20th against 1000: ⌈20 × 1000 / 566⌉ = 36 > 31 days, not reached this month
        self.assertEqual((march["elapsed"], march["contribution"], march["fixed_costs"]), (20, 566, 1000))
        self.assertAlmostEqual(march["covered"], 56.6)
        self.assertEqual((march["reached_day"], march["projected_day"], march["fixed_source"]), (None, None, "period"))
        with freeze_time("2026-04-10 12:00:00"):
            april = self.pacing("month", "2026-04-10")
        # 940 on the 1st covers the 500 of rent that very day
        self.assertEqual((april["reached_day"], april["reached_date"]), (1, "2026-04-01"))
        with freeze_time("2026-05-05 12:00:00"):
            may = self.pacing("month", "2026-05-05")
        # no fixed cost posted in May yet: April's 500, against 40
        self.assertEqual((may["fixed_source"], may["fixed_costs"], may["contribution"]), ("previous", 500, 40))
        with freeze_time("2026-03-25 12:00:00"):
            year = self.pacing("year", "2026-03-25")
        # 572 by 25 March, day 84, against the year's 1500: ⌈84 × 1500 / 572⌉ = day 221, 9 August
        self.assertEqual((year["elapsed"], year["contribution"], year["fixed_costs"]), (84, 572, 1500))
        self.assertEqual((year["projected_day"], year["projected_date"]), (221, "2026-08-09"))
        with freeze_time("2026-04-10 12:00:00"):
            year = self.pacing("year", "2026-04-10")
        # 572 + 940 = 1512 on 1 April, day 91
        self.assertEqual((year["reached_day"], year["reached_date"]), (91, "2026-04-01"))

    @freeze_time("2026-03-20 12:00:00")
    def test_period_in_progress_is_no_collapse(self):
        data = self.Dashboard.get_dashboard("month", "2026-03-20")
        self.assertTrue(data["period"]["in_progress"])
        self.assertEqual(data["period"]["elapsed"], 20)
        revenue = self.card(data, "sales.revenue")
        # a part of March against the whole of February: no better or worse
        self.assertTrue(revenue["to_date"])
        self.assertIsNone(revenue["change"]["trend"])
        # a rate is compared as usual
        self.assertFalse(self.card(data, "margin.rate")["to_date"])

    @freeze_time("2026-04-15 12:00:00")
    def test_empty_states(self):
        future = self.Dashboard.get_dashboard("month", "2026-07-01")
        self.assertTrue(future["period"]["future"])
        self.assertTrue(future["has_history"])
        self.assertEqual(self.card(future, "sales.revenue")["value"], None)
        other = self.Dashboard.with_company(self.other).get_dashboard("week", "2026-03-02")
        self.assertEqual(other["sections"], [])
        blank = self.env["res.company"].create({"name": "KPI Blank"})
        self.env.user.company_ids |= blank
        data = self.Dashboard.with_company(blank).get_dashboard()
        self.assertFalse(data["has_history"])
        self.assertEqual(data["sections"], [])


@tagged("post_install", "-at_install")
class TestDashboardAccess(DashboardCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.all_docs = new_test_user(
            cls.env,
            "kpi_dash_all",
            groups="sales_team.group_sale_salesman_all_leads",
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.manager = new_test_user(
            cls.env,
            "kpi_dash_manager",
            groups="sales_team.group_sale_manager,purchase.group_purchase_user",
            company_ids=[Command.set((cls.company | cls.other).ids)],
        )

    def dashboard(self, user, **kwargs):
        return self.env["reseller.kpi.dashboard"].with_user(user).get_dashboard("month", "2026-03-01", **kwargs)

    @freeze_time("2026-04-15 12:00:00")
    def test_salesperson_on_own_documents_sees_own_figures(self):
        data = self.dashboard(self.seller1)
        self.assertEqual(data["scope"], "own")
        # their own sales, customers, deliveries and leads; no supplier or finance figure
        self.assertEqual(self.families(data), ["sales", "customers", "delivery", "crm"])
        cards = {card["code"]: card for section in data["sections"] for card in section["cards"]}
        # the fixture's orders are taken by the user who created them, none by seller 1: 0, not unknown
        self.assertEqual(cards["sales.revenue"]["value"], 0.0)
        self.assertIsNone(cards["margin.rate"]["value"])
        # seller 1: L1, L2 created, L6 won; nothing lost
        self.assertEqual((cards["crm.leads"]["value"], cards["crm.won"]["value"]), (2, 1))
        self.assertEqual(cards["crm.leads"]["dimension"], self.seller1.name)
        # no customer of their own: 0 + 0 + 0 - 0 = 0
        self.assertEqual([step["value"] for step in data["movement"]["steps"]], [0.0] * 5)
        self.assertIsNone(data["cohorts"])
        self.assertIsNone(data["pacing"])
        self.assertEqual(data["teams"], [])
        # February was computed and seller 1 had no lead in it: no lead is 0, a win rate stays empty
        february = self.env["reseller.kpi.dashboard"].with_user(self.seller1).get_dashboard("month", "2026-02-01")
        self.assertEqual(
            (self.card(february, "crm.leads")["value"], self.card(february, "crm.win_rate")["value"]), (0, None)
        )
        self.assertTrue(february["refreshed_at"])
        with self.assertRaises(AccessError):
            self.env["reseller.kpi.dashboard"].with_user(self.seller1).action_open_cohort(
                self.company.id, "2026-03-01", 0
            )

    @freeze_time("2026-04-15 12:00:00")
    def test_salesperson_on_all_documents(self):
        data = self.dashboard(self.all_docs)
        self.assertEqual(data["scope"], "company")
        families = self.families(data)
        # no supplier figures without Purchase, no finance without a KPI manager or accounting role
        self.assertEqual(families, ["sales", "customers", "data", "delivery", "crm"])
        self.assertIsNone(data["vendors"])
        self.assertIsNone(data["pacing"])
        self.assertEqual(len(data["movement"]["steps"]), 5)
        self.assertFalse(data["is_manager"])
        with self.assertRaises(AccessError):
            self.env["reseller.kpi.dashboard"].with_user(self.all_docs).action_refresh()

    @freeze_time("2026-04-15 12:00:00")
    def test_manager_of_two_companies(self):
        data = self.dashboard(self.manager)
        self.assertTrue(data["is_manager"])
        self.assertEqual(self.families(data), ["sales", "customers", "data", "delivery", "supplier", "crm", "finance"])
        dashboard = (
            self.env["reseller.kpi.dashboard"]
            .with_user(self.manager)
            .with_context(allowed_company_ids=(self.company | self.other).ids)
        )
        other = dashboard.get_dashboard("month", "2026-03-01", company_id=self.other.id)
        self.assertEqual(self.card(other, "sales.revenue")["value"], 5700)
        self.assertEqual({c["id"] for c in other["companies"]}, set((self.company | self.other).ids))
        with self.assertRaises(AccessError):
            self.dashboard(self.all_docs, company_id=self.other.id)

    @freeze_time("2026-04-15 12:00:00")
    def test_manager_refreshes_now(self):
        # one more order of 100 in March: a refresh of March shows it
        self.env["sale.order"].create(
            {
                "partner_id": self.c4.id,
                "company_id": self.company.id,
                "order_line": [Command.create({"product_id": self.p1.id, "product_uom_qty": 1, "price_unit": 100})],
            }
        ).write({"state": "sale", "date_order": "2026-03-16 10:00:00"})
        dashboard = self.env["reseller.kpi.dashboard"].with_user(self.manager)
        self.assertEqual(
            dashboard.action_refresh(self.company.id, "month", "2026-03-01"), {"queued": False, "failures": []}
        )
        self.assertEqual(self.value("sales.revenue"), 1200)
        # a quarter goes to the background, with its months, from its start to today
        self.assertEqual(dashboard.action_refresh(self.company.id, "quarter", "2026-01-01")["queued"], True)
        job = self.env["reseller.kpi.recompute.job"].search([])
        self.assertEqual(
            (job.date_from, job.date_to, job.period_types), (date(2026, 1, 1), date(2026, 4, 15), "quarter,month")
        )

    @freeze_time("2026-04-15 12:00:00")
    def test_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["reseller_kpi"], ["fr_FR"], overwrite=True)
        data = self.Dashboard.with_context(lang="fr_FR").get_dashboard("month", "2026-03-01")
        self.assertEqual(data["period"]["label"], "mars 2026")
        aov = self.card(data, "sales.aov")
        self.assertEqual(
            (aov["label"], aov["description"]), ("Panier moyen", "Chiffre d'affaires / commandes confirmées")
        )
        self.assertEqual(self.card(data, "sales.revenue")["spark"][0]["label"], "avril 2025")
