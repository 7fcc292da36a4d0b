"""The digest's Net Promoter Score: the stored company-wide value of the month before its end."""

from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.reseller_kpi.engine.periods import Period

from .common import SatisfactionCase

MARCH = Period("month", date(2026, 3, 1), date(2026, 3, 31))


@tagged("post_install", "-at_install")
class TestDigestNps(SatisfactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        p1, p2, p3 = (
            Partner.create({"name": f"Digest customer {n}", "is_company": True, "email": f"d{n}@example.com"})
            for n in (1, 2, 3)
        )
        # March in Paris: 10 and 9 are promoters, 0 a detractor -> (2 - 1) / 3 = 33.3
        cls.answer(p1, "2026-03-02 10:00", "2026-03-05 10:00", cls.team1, cls.u1, nps=10)
        cls.answer(p2, "2026-03-02 10:00", "2026-03-06 10:00", cls.team1, cls.u1, nps=9)
        cls.answer(p3, "2026-03-02 10:00", "2026-03-07 10:00", cls.team2, cls.u2, nps=0)
        cls.env["reseller.kpi.value"]._refresh(cls.company, [MARCH], refresh_records=False)
        cls.digest = cls.env["digest.digest"].create(
            {"name": "NPS digest", "company_id": cls.company.id, "kpi_reseller_nps": True}
        )
        cls.kpi_user = new_test_user(cls.env, "rk_digest_kpi_user", groups="base.group_user,reseller_kpi.group_user")
        cls.employee = new_test_user(cls.env, "rk_digest_employee", groups="base.group_user")

    def nps(self, end, digest=None):
        digest = (digest or self.digest).with_context(start_datetime=datetime(2026, 3, 1), end_datetime=end)
        digest.invalidate_recordset()
        return digest.kpi_reseller_nps_value

    def test_nps_of_the_month_before_the_end(self):
        # 1 April 06:00 UTC: the day before is 31 March
        self.assertAlmostEqual(self.nps(datetime(2026, 4, 1, 6, 0)), 100 / 3, places=9)
        # 2 April in Paris: April, nothing stored
        self.assertEqual(self.nps(datetime(2026, 4, 1, 23, 0)), 0.0)
        # every KPI user reads satisfaction; an employee without KPI rights does not
        self.assertAlmostEqual(self.nps(datetime(2026, 4, 1, 6, 0), self.digest.with_user(self.kpi_user)), 100 / 3)
        with self.assertRaises(AccessError):
            self.nps(datetime(2026, 4, 1, 6, 0), self.digest.with_user(self.employee))

    @freeze_time("2026-04-01 06:00:00")
    def test_nps_in_the_email(self):
        kpis = {kpi["kpi_name"]: kpi for kpi in self.digest._compute_kpis(self.company, self.kpi_user)}
        nps = kpis["kpi_reseller_nps"]["kpi_col3"]
        # a score, not a percentage
        self.assertEqual(nps["value"], "33.3")
        self.assertEqual(nps["col_subtitle"], "March 2026 (previous month: —)")
        self.assertNotIn(
            "kpi_reseller_nps", {kpi["kpi_name"] for kpi in self.digest._compute_kpis(self.company, self.employee)}
        )

    def test_default_digest_proposes_it(self):
        self.assertTrue(self.env.ref("digest.digest_digest_default").kpi_reseller_nps)
