"""Recompute requests, run in the background by a scheduled action.

A manager's *Recompute KPIs* records a request and returns at once; the
scheduled action "Reseller KPIs: run recompute requests" is triggered for it
and works through the requests in order, one period of one company at a time,
committing each (a period is all or nothing: see ``_replace_period``). It
notifies its progress to the cron (``_notify_progress``) and stops after a
time budget, so Odoo calls it again until every request is done; when a
request ends, its requester is told, with what failed.

Requests never run twice at once: each is held by a session advisory lock
while it runs (released when the process ends, even killed), and a request
killed half-way is resumed from the first period it had not finished.
"""

import logging
import time

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL, config

from ..engine.periods import periods_between

_logger = logging.getLogger(__name__)

PERIOD_TYPES = ("week", "month", "quarter", "year")
# a cron call stops after this many seconds and lets Odoo call it again (limit_time_real is 120 s)
TIME_BUDGET = 50
LOCK_NAMESPACE = 0x524B4A  # "RKJ": advisory locks of recompute requests
# a request covers at most this many years (ten years of weeks are 522 periods a company)
MAX_YEARS = 10


class ResellerKpiRecomputeJob(models.Model):
    _name = "reseller.kpi.recompute.job"
    _description = "Reseller KPI recompute request"
    _inherit = ["mail.thread"]
    _order = "id desc"

    name = fields.Char(compute="_compute_name")
    state = fields.Selection(
        [("queued", "Queued"), ("running", "Running"), ("done", "Done"), ("failed", "Done with failures")],
        default="queued",
        required=True,
        readonly=True,
        tracking=True,
    )
    requested_by = fields.Many2one("res.users", default=lambda self: self.env.user, readonly=True)
    date_from = fields.Date("From", required=True, readonly=True)
    date_to = fields.Date("To", required=True, readonly=True)
    period_types = fields.Char(required=True, readonly=True, help="Comma-separated: week, month, quarter, year.")
    company_ids = fields.Many2many("res.company", string="Companies", required=True, readonly=True)
    total = fields.Integer("Periods to compute", readonly=True)
    done = fields.Integer("Periods computed", readonly=True)
    progress = fields.Float(compute="_compute_progress")
    failure_log = fields.Text("Failures", readonly=True)
    started_at = fields.Datetime(readonly=True)
    finished_at = fields.Datetime(readonly=True)

    @api.depends("date_from", "date_to", "period_types")
    def _compute_name(self):
        for job in self:
            job.name = f"{job.date_from} → {job.date_to} ({job.period_types})"

    @api.constrains("date_from", "date_to", "period_types")
    def _check_range(self):
        for job in self:
            if job.date_to < job.date_from:
                raise ValidationError(self.env._("The end date of a recompute request comes before its start date."))
            if job.date_to > job.date_from + relativedelta(years=MAX_YEARS):
                raise ValidationError(
                    self.env._("A recompute request covers at most %s years: split it into several.", MAX_YEARS)
                )
            unknown = set(job.period_types.split(",")) - set(PERIOD_TYPES)
            if unknown:
                raise ValidationError(
                    self.env._(
                        "Unknown period type %(types)s: choose among %(known)s.",
                        types=", ".join(sorted(unknown)),
                        known=", ".join(PERIOD_TYPES),
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        jobs = super().create(vals_list)
        # the company rule accepts a request that merely overlaps the user's companies: every company
        # of a request must be one the requester works in (the scheduled action runs as superuser)
        if not self.env.su:
            foreign = jobs.company_ids - self.env.user.company_ids
            if foreign:
                raise AccessError(
                    self.env._("You cannot recompute the KPIs of %s.", ", ".join(foreign.sudo().mapped("name")))
                )
        for job in jobs:
            job.total = len(job._steps())
        return jobs

    @api.depends("done", "total")
    def _compute_progress(self):
        for job in self:
            job.progress = job.done / job.total * 100 if job.total else 0.0

    # ------------------------------------------------------------------ the work
    def _periods(self):
        self.ensure_one()
        return periods_between(self.date_from, self.date_to, self.period_types.split(","))

    def _steps(self):
        """(company, period) in a fixed order, then (company, None) for the customer and vendor figures:
        the `done` counter says where a resumed request starts again."""
        self.ensure_one()
        periods = self._periods()
        steps = []
        for company in self.company_ids.sorted("id"):
            steps += [(company, period) for period in periods]
            steps.append((company, None))
        return steps

    @api.model
    def _request(self, companies, date_from, date_to, period_types):
        """Queue a request and trigger the scheduled action; returns it and how many wait before it."""
        ahead = self.search_count([("state", "in", ("queued", "running"))])
        job = self.create(
            {
                "company_ids": [fields.Command.set(companies.ids)],
                "date_from": date_from,
                "date_to": date_to,
                "period_types": ",".join(period_types),
            }
        )
        self.env.ref("reseller_kpi.ir_cron_reseller_kpi_recompute_jobs")._trigger()
        return job, ahead

    @api.model
    def _queue_stored(self, codes, computed_in_progress=False):
        """Queue, as *Recompute KPIs* does, the recompute of the stored periods of `codes`, each
        company's from its first to its last such period (the last ten years at most); with
        `computed_in_progress`, only the periods computed before they were over. Upgrades call it
        when a definition changes, so history follows the contract. Returns the requests queued."""
        self.env.cr.execute(
            SQL(
                """SELECT company_id, MIN(date_start), MAX(date_end),
                          ARRAY_AGG(DISTINCT period_type ORDER BY period_type)
                     FROM reseller_kpi_value
                    WHERE kpi_code = ANY(%s) AND (NOT %s OR computed_at::date <= date_end)
                    GROUP BY company_id""",
                list(codes),
                computed_in_progress,
            )
        )
        jobs = self.browse()
        for company_id, first, last, period_types in self.env.cr.fetchall():
            company = self.env["res.company"].browse(company_id)
            last = min(last, self.env["reseller.kpi.value"]._today(company))
            first = max(first, last - relativedelta(years=MAX_YEARS) + relativedelta(days=1))
            if first <= last:
                jobs |= self.sudo()._request(company, first, last, period_types)[0]
        return jobs

    def _try_lock(self):
        self.env.cr.execute(SQL("SELECT pg_try_advisory_lock(%s, %s)", LOCK_NAMESPACE, self.id))
        return self.env.cr.fetchone()[0]

    def _unlock(self):
        self.env.cr.execute(SQL("SELECT pg_advisory_unlock(%s, %s)", LOCK_NAMESPACE, self.id))

    @api.model
    def _cron_run(self, budget=TIME_BUDGET):
        """Work through the queued and interrupted requests, oldest first, for at most `budget` seconds."""
        started = time.monotonic()
        done_now = 0
        for job in self.search([("state", "in", ("queued", "running"))], order="id"):
            if not job._try_lock():
                continue  # another process runs it
            try:
                done_now += job._run(started, budget)
            except Exception as error:
                _logger.exception("Reseller KPIs: recompute request %s failed", job.id)
                if not config["test_enable"]:
                    # its finished steps are committed already; what failed half-way is undone
                    self.env.cr.rollback()  # pylint: disable=invalid-commit
                job._fail(error)
            finally:
                job._unlock()
            if time.monotonic() - started >= budget:
                break
        remaining = sum(job.total - job.done for job in self.search([("state", "in", ("queued", "running"))]))
        self.env["ir.cron"]._notify_progress(done=done_now, remaining=remaining)

    def _run(self, started, budget):
        """Continue this request from its first unfinished step; returns the number of steps done."""
        self.ensure_one()
        Value = self.env["reseller.kpi.value"].with_context(reseller_kpi_no_progress=True)
        if self.state == "queued":
            self.write({"state": "running", "started_at": fields.Datetime.now()})
            Value._commit_progress()
        steps = self._steps()
        count = 0
        for company, period in steps[self.done :]:
            if period is None:
                failures = Value._refresh_figures(company)
            else:
                failures = Value._refresh(company, [period], refresh_records=False)
            if failures:
                self.failure_log = (self.failure_log or "") + "".join(
                    f"{company.name} {failed.period_type} {failed.date_start}: {error}\n"
                    if failed
                    else f"{company.name}: {error}\n"
                    for _company, failed, error in failures
                )
            self.done += 1
            count += 1
            # the period's values and the request's progress in one commit: a kill resumes after it
            Value._commit_progress()
            if time.monotonic() - started >= budget and self.done < len(steps):
                return count
        self._finish()
        return count

    def _fail(self, error):
        """Mark a request that cannot run (its steps could not even be listed) as failed, with why."""
        self.env.invalidate_all()
        message = str(error) or error.__class__.__name__
        self.failure_log = (self.failure_log or "") + f"{message}\n"
        self._finish()

    def _finish(self):
        self.write({"state": "failed" if self.failure_log else "done", "finished_at": fields.Datetime.now()})
        if self.failure_log:
            body = Markup("<p>%s</p><pre>%s</pre>") % (
                self.env._(
                    "The KPIs of %(periods)s were recomputed, except what failed (the previous values are kept):",
                    periods=self.name,
                ),
                self.failure_log,
            )
        else:
            body = Markup("<p>%s</p>") % self.env._("The KPIs of %(periods)s were recomputed.", periods=self.name)
        self.message_post(
            body=body,
            partner_ids=self.requested_by.partner_id.ids,
            subtype_xmlid="mail.mt_comment",
        )
        self.env["reseller.kpi.value"]._commit_progress()
