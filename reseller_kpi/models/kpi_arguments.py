"""Arguments of the RPC-callable KPI methods, checked before anything is read.

The dashboard, its actions and the reports are called from the web client but
also by anyone with a session over JSON-RPC: a bad argument (a date that is no
date, a period type that does not exist, the id of a team of another company)
gets a one-sentence ``UserError``, never a traceback, and an id the user may
not read an ``AccessError`` (itself a ``UserError``).
"""

from datetime import date, datetime

from odoo import fields
from odoo.exceptions import AccessError, UserError

from ..engine.periods import PERIOD_TYPES

# twelve periods back from the first year, twelve forward from the last stay real dates
MIN_YEAR, MAX_YEAR = 1900, 2999
COMPARISONS = ("previous", "last_year", "both")


def kpi_day(env, day, required=False):
    """`day` as a date (a date, or a string "YYYY-MM-DD"), None when not given."""
    if day in (None, False, "") and not required:
        return None
    if isinstance(day, datetime):
        day = day.date()
    elif isinstance(day, str):
        try:
            day = fields.Date.to_date(day)
        except ValueError:
            day = None
    if not isinstance(day, date):
        raise UserError(env._("%s is not a date: give it as YYYY-MM-DD.", repr(day)))
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise UserError(
            env._(
                "%(day)s is out of range: KPIs cover the years %(min)s to %(max)s.", day=day, min=MIN_YEAR, max=MAX_YEAR
            )
        )
    return day


def period_type(env, value):
    if value not in PERIOD_TYPES:
        raise UserError(
            env._(
                "Unknown period type %(value)s: choose one of %(types)s.",
                value=repr(value),
                types=", ".join(PERIOD_TYPES),
            )
        )
    return value


def comparison(env, value):
    if value not in COMPARISONS:
        raise UserError(env._("Unknown comparison %s: choose previous, last_year or both.", repr(value)))
    return value


def record_id(env, value, label):
    """A positive integer id (a bool is no id, though Python counts it as one)."""
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise UserError(env._("%(value)s is not a valid %(label)s id.", value=repr(value), label=label))
    return value


def company(env, company_id):
    """The company asked for, among the user's own (the current one when not given)."""
    if company_id in (None, False):
        return env.company
    found = env["res.company"].browse(record_id(env, company_id, env._("company")))
    if found not in env.companies:
        # a company that does not exist and one of somebody else's get the same answer
        raise AccessError(env._("Company %s is not one of the companies you work in.", company_id))
    return found


def team(env, team_id, in_company):
    """The sales team asked for (empty when not given), which must belong to `in_company` or no company."""
    if team_id in (None, False):
        return env["crm.team"]
    found = env["crm.team"].browse(record_id(env, team_id, env._("sales team"))).exists()
    if not found or found.sudo().company_id not in (in_company, env["res.company"]):
        raise UserError(
            env._("Sales team %(team)s is not a team of %(company)s.", team=team_id, company=in_company.name)
        )
    return found


def salesperson(env, user_id, in_company):
    """The salesperson asked for (empty when not given): an internal user working in `in_company`."""
    if user_id in (None, False):
        return env["res.users"]
    found = env["res.users"].browse(record_id(env, user_id, env._("salesperson"))).exists()
    if not found or found.sudo().share or in_company not in found.sudo().company_ids:
        raise UserError(
            env._("User %(user)s is not a salesperson of %(company)s.", user=user_id, company=in_company.name)
        )
    return found


def month_offset(env, value, limit):
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < limit:
        raise UserError(env._("The month offset must be a whole number from 0 to %s.", limit - 1))
    return value
