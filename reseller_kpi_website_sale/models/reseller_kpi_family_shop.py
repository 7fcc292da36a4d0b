"""The web shop: carts validated and abandoned, visitors, conversion, sign-ups and product views.

A website is the company's when its ``company_id`` is. The facts are one row per cart of the
period (a web order with a product line created in it, for someone else than the website's public
partner), per customer with a validated cart ordered in the period, per visitor with a tracked
page view in it, per product page view in it and per portal user created in it.
"""

from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.reseller_kpi.engine.codes import _lt
from odoo.addons.reseller_kpi.models.reseller_kpi_collector import MemberSet, local_day

from ..engine.shop import ABANDONED_DELAY_HOURS, ShopAggregate, shop_values

MEMBER_SETS = {
    "carts": MemberSet("sale.order", "_cart_facts", "order_id", SQL("TRUE"), _lt("Carts")),
    "validated": MemberSet("sale.order", "_cart_facts", "order_id", SQL("f.validated"), _lt("Validated carts")),
    "abandoned": MemberSet("sale.order", "_cart_facts", "order_id", SQL("f.abandoned"), _lt("Abandoned carts")),
    "converted": MemberSet(
        "res.partner", "_converted_facts", "customer", SQL("TRUE"), _lt("Customers with a validated cart")
    ),
    "visitors": MemberSet("website.visitor", "_visitor_facts", "visitor_id", SQL("TRUE"), _lt("Visitors")),
    "product_views": MemberSet(
        "website.track", "_product_view_facts", "track_id", SQL("TRUE"), _lt("Product page views")
    ),
    "signups": MemberSet("res.users", "_signup_facts", "user_id", SQL("TRUE"), _lt("Sign-ups")),
}


class ResellerKpiFamilyShop(models.AbstractModel):
    _name = "reseller.kpi.family.shop"
    _inherit = "reseller.kpi.family"
    _description = "Reseller KPIs: web shop"

    _kpi_dimensions = {"website_id": "website"}
    _kpi_member_sets = MEMBER_SETS

    # ------------------------------------------------------------------ facts
    @api.model
    def _websites(self, scope):
        """The company's websites, each with its public partner and its abandoned delay (hours)."""
        return SQL(
            """SELECT w.id, pu.partner_id AS public_partner,
                      COALESCE(NULLIF(w.cart_abandoned_delay, 0), %s) AS delay
                 FROM website w
                 JOIN res_users pu ON pu.id = w.user_id
                WHERE w.company_id = %s""",
            ABANDONED_DELAY_HOURS,
            scope.company.id,
        )

    @api.model
    def _web_orders(self, scope):
        """The company's web orders with a product line, but its websites' public partners'."""
        return SQL(
            """SELECT so.id, so.website_id, so.state, so.date_order, so.create_date, so.amount_untaxed,
                      so.currency_rate, so.partner_id, w.delay
                 FROM sale_order so
                 JOIN (%s) w ON w.id = so.website_id
                WHERE so.partner_id <> w.public_partner
                  AND EXISTS (SELECT 1 FROM sale_order_line l
                               WHERE l.order_id = so.id AND l.product_id IS NOT NULL AND l.display_type IS NULL)""",
            self._websites(scope),
        )

    @api.model
    def _cart_facts(self, scope):
        """The carts created in the period; abandoned is judged now, as Odoo's own is_abandoned_cart."""
        return self._cart_facts_in([scope])

    @api.model
    def _cart_facts_in(self, scopes):
        """The carts created in each period of `scopes`, with its ``period_index``."""
        start, stop = self._span(scopes)
        carts = SQL(
            """SELECT o.id AS order_id, o.website_id, o.create_date,
                      o.state = 'sale' AS validated,
                      o.state = 'draft'
                      AND o.date_order <= %(now)s - make_interval(secs => o.delay * 3600) AS abandoned,
                      o.amount_untaxed / COALESCE(NULLIF(o.currency_rate, 0), 1.0) AS untaxed
                 FROM (%(orders)s) o
                WHERE o.create_date >= %(start)s AND o.create_date < %(stop)s""",
            now=fields.Datetime.now(),
            orders=self._web_orders(scopes[0]),
            start=start,
            stop=stop,
        )
        return self._in_periods(carts, scopes, "create_date")

    @api.model
    def _converted_facts(self, scope):
        """The customers (commercial partners) of the validated carts ordered in the period."""
        return self._converted_facts_in([scope])

    @api.model
    def _converted_facts_in(self, scopes):
        """The customers of the validated carts ordered in each period of `scopes`, once per period."""
        start, stop = self._span(scopes)
        return SQL(
            """SELECT DISTINCT c.period_index, p.commercial_partner_id AS customer, o.website_id
                 FROM (%s) o
                 JOIN res_partner p ON p.id = o.partner_id
                 JOIN (%s) c ON c.day = %s
                WHERE o.state = 'sale' AND o.date_order >= %s AND o.date_order < %s""",
            self._web_orders(scopes[0]),
            self._calendar(scopes),
            local_day(SQL("o.date_order"), scopes[0].tz),
            start,
            stop,
        )

    @api.model
    def _visitor_facts(self, scope):
        """The visitors of the company's websites with a tracked page view in the period."""
        return self._visitor_facts_in([scope])

    @api.model
    def _visitor_facts_in(self, scopes):
        """The visitors of the company's websites with a tracked page view in each period of `scopes`,
        once per period."""
        start, stop = self._span(scopes)
        return SQL(
            """SELECT DISTINCT c.period_index, v.id AS visitor_id, v.website_id
                 FROM website_track t
                 JOIN website_visitor v ON v.id = t.visitor_id
                 JOIN (%s) w ON w.id = v.website_id
                 JOIN (%s) c ON c.day = %s
                WHERE t.visit_datetime >= %s AND t.visit_datetime < %s""",
            self._websites(scopes[0]),
            self._calendar(scopes),
            local_day(SQL("t.visit_datetime"), scopes[0].tz),
            start,
            stop,
        )

    @api.model
    def _product_view_facts(self, scope):
        """The tracked views of product pages on the company's websites in the period."""
        return self._product_view_facts_in([scope])

    @api.model
    def _product_view_facts_in(self, scopes):
        """The tracked views of product pages on the company's websites in each period of `scopes`."""
        start, stop = self._span(scopes)
        views = SQL(
            """SELECT t.id AS track_id, v.website_id, t.visit_datetime
                 FROM website_track t
                 JOIN website_visitor v ON v.id = t.visitor_id
                 JOIN (%s) w ON w.id = v.website_id
                WHERE t.product_id IS NOT NULL AND t.visit_datetime >= %s AND t.visit_datetime < %s""",
            self._websites(scopes[0]),
            start,
            stop,
        )
        return self._in_periods(views, scopes, "visit_datetime")

    @api.model
    def _signup_facts(self, scope):
        """The portal users created in the period (see `_signup_facts_in`)."""
        return self._signup_facts_in([scope])

    @api.model
    def _signup_facts_in(self, scopes):
        """The portal users created in each period of `scopes` (archived ones too): of a website of the
        company, or without a website, of the company; the websites' public users and the template of
        new portal users (archived, created with the database) are no sign-up."""
        start, stop = self._span(scopes)
        signups = SQL(
            """WITH websites AS (%(websites)s)
               SELECT u.id AS user_id, u.website_id, u.create_date
                 FROM res_users u
                WHERE u.share AND u.create_date >= %(start)s AND u.create_date < %(stop)s
                  AND (u.website_id IN (SELECT id FROM websites)
                       OR (u.website_id IS NULL AND u.company_id = %(company)s))
                  AND u.id NOT IN (SELECT user_id FROM website WHERE user_id IS NOT NULL)
                  AND u.id <> %(public)s AND u.id <> %(template)s""",
            websites=self._websites(scopes[0]),
            start=start,
            stop=stop,
            company=scopes[0].company.id,
            public=self.env.ref("base.public_user").id,
            template=int(self.env["ir.config_parameter"].sudo().get_param("base.template_portal_user_id") or 0),
        )
        return self._in_periods(signups, scopes, "create_date")

    # ------------------------------------------------------------------ counts
    @api.model
    def _aggregate(self, scope, aggregates=None):
        return self._one_period(scope, aggregates)

    @api.model
    def _aggregate_periods(self, scopes, aggregates=None):
        """Carts, visitors, customers, sign-ups and product views of every period by company and
        website: each kind of fact is read once for the whole range."""
        queries = (
            self._grouped(
                self._cart_facts_in(scopes),
                SQL(
                    "%s, COALESCE(SUM(f.untaxed) FILTER (WHERE f.abandoned), 0) AS abandoned_value",
                    self._counts(("carts", "validated", "abandoned")),
                ),
                by_period=True,
            ),
            self._grouped(
                self._converted_facts_in(scopes), SQL("COUNT(DISTINCT f.customer) AS converted"), by_period=True
            ),
            self._grouped(self._visitor_facts_in(scopes), SQL("COUNT(*) AS visitors"), by_period=True),
            self._grouped(self._product_view_facts_in(scopes), SQL("COUNT(*) AS product_views"), by_period=True),
            self._grouped(self._signup_facts_in(scopes), SQL("COUNT(*) AS signups"), by_period=True),
        )
        return self._merged_by_period(ShopAggregate, scopes, *queries)

    @api.model
    def _kpi_values(self, key, agg, aggregates):
        return shop_values(agg)
