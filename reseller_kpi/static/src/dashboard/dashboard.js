import {Component, onWillStart, useState} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {formatDateTime, deserializeDateTime} from "@web/core/l10n/dates";
import {registry} from "@web/core/registry";
import {useService} from "@web/core/utils/hooks";
import {ControlPanel} from "@web/search/control_panel/control_panel";
import {useSetupAction} from "@web/search/action_hook";
import {standardActionServiceProps} from "@web/webclient/actions/action_service";

const {DateTime} = luxon;

export class ResellerKpiDashboard extends Component {
    static template = "reseller_kpi.Dashboard";
    static components = {ControlPanel};
    static props = {...standardActionServiceProps};

    setup() {
        this.orm = useService("orm");
        this.actionService = useService("action");
        this.notification = useService("notification");
        const saved = this.props.state || {};
        this.state = useState({
            periodType: saved.periodType || "month",
            day: saved.day || null,
            compare: saved.compare || "previous",
            companyId: saved.companyId || null,
            teamId: saved.teamId || false,
            userId: saved.userId || false,
            // the leaderboard's column and direction: the server sorts by revenue
            boardSort: saved.boardSort || null,
            data: null,
            loading: true,
            refreshing: false,
        });
        this.periodTypes = [
            ["week", _t("Week")],
            ["month", _t("Month")],
            ["quarter", _t("Quarter")],
            ["year", _t("Year")],
        ];
        useSetupAction({
            getLocalState: () => ({
                periodType: this.state.periodType,
                day: this.state.day,
                compare: this.state.compare,
                companyId: this.state.companyId,
                teamId: this.state.teamId,
                userId: this.state.userId,
                boardSort: this.state.boardSort,
            }),
        });
        onWillStart(() => this.load());
    }

    async load() {
        this.state.loading = true;
        const data = await this.orm.call("reseller.kpi.dashboard", "get_dashboard", [], {
            period_type: this.state.periodType,
            day: this.state.day,
            compare: this.state.compare,
            company_id: this.state.companyId,
            team_id: this.state.teamId || false,
            user_id: this.state.userId || false,
        });
        this.state.data = data;
        this.state.day = data.period.start;
        this.state.companyId = data.company.id;
        this.state.loading = false;
    }

    // ------------------------------------------------------------------ header
    async setPeriodType(ev) {
        this.state.periodType = ev.target.value;
        await this.load();
    }

    async move(step) {
        const period = this.state.data.period;
        const day = step < 0 ? DateTime.fromISO(period.start).minus({days: 1}) : DateTime.fromISO(period.end).plus({days: 1});
        this.state.day = day.toISODate();
        await this.load();
    }

    async setCompare(ev) {
        this.state.compare = ev.target.value;
        await this.load();
    }

    async setCompany(ev) {
        this.state.companyId = parseInt(ev.target.value);
        this.state.teamId = false;
        this.state.userId = false;
        await this.load();
    }

    async setTeam(ev) {
        this.state.teamId = parseInt(ev.target.value) || false;
        this.state.userId = false;
        await this.load();
    }

    async setSalesperson(ev) {
        this.state.userId = parseInt(ev.target.value) || false;
        await this.load();
    }

    async openCustomersToCall() {
        const action = await this.orm.call("reseller.kpi.dashboard", "action_customers_to_call", [], {
            company_id: this.state.companyId,
            user_id: this.state.data.scope === "own" ? false : this.state.userId || false,
        });
        await this.actionService.doAction(action);
    }

    // ------------------------------------------------------------------ leaderboard
    sortBoard(key) {
        const current = this.state.boardSort;
        this.state.boardSort = {key, desc: current && current.key === key ? !current.desc : true};
    }

    get boardRows() {
        const board = this.state.data.leaderboard;
        const sort = this.state.boardSort;
        if (!sort) {
            return board.rows;
        }
        const figure = (row) => {
            const found = sort.key === "quota" ? row.quota && {value: row.quota.achieved} : row.cells[sort.key];
            return found && found.value !== null && found.value !== undefined ? found.value : null;
        };
        return [...board.rows].sort((a, b) => {
            const [x, y] = [figure(a), figure(b)];
            if (x === y) {
                return a.name.localeCompare(b.name);
            }
            if (x === null) {
                return 1;
            }
            if (y === null) {
                return -1;
            }
            return sort.desc ? y - x : x - y;
        });
    }

    sortMark(key) {
        const sort = this.state.boardSort;
        return sort && sort.key === key ? (sort.desc ? " ▼" : " ▲") : "";
    }

    async refreshNow() {
        this.state.refreshing = true;
        try {
            const result = await this.orm.call("reseller.kpi.dashboard", "action_refresh", [], {
                company_id: this.state.companyId,
                period_type: this.state.periodType,
                day: this.state.day,
            });
            if (result.queued) {
                this.notification.add(
                    _t("Quarters and years take longer: they are recomputed in the background, and you will get a message when they are done."),
                    {type: "info"}
                );
            } else if (result.failures.length) {
                this.notification.add(result.failures.join("\n"), {type: "warning", sticky: true});
            } else {
                this.notification.add(_t("KPIs recomputed."), {type: "success"});
            }
        } finally {
            this.state.refreshing = false;
        }
        await this.load();
    }

    get reportFilters() {
        return {
            period_type: this.state.periodType,
            day: this.state.day,
            compare: this.state.compare,
            company_id: this.state.companyId,
            team_id: this.state.teamId || false,
            user_id: this.state.userId || false,
        };
    }

    async printReport() {
        const action = await this.orm.call(
            "reseller.kpi.dashboard",
            "action_print_report",
            [],
            this.reportFilters
        );
        await this.actionService.doAction(action);
    }

    async exportXlsx() {
        const action = await this.orm.call(
            "reseller.kpi.dashboard",
            "action_export_xlsx",
            [],
            this.reportFilters
        );
        await this.actionService.doAction(action);
    }

    openRecompute() {
        this.actionService.doAction("reseller_kpi.reseller_kpi_recompute_action", {
            onClose: () => this.load(),
        });
    }

    get refreshedAt() {
        const at = this.state.data.refreshed_at;
        return _t("Computed: %s", at ? formatDateTime(deserializeDateTime(at)) : _t("never"));
    }

    get inProgressText() {
        const period = this.state.data.period;
        return _t("In progress: day %(day)s of %(days)s", {day: period.elapsed, days: period.days});
    }

    get compareNote() {
        const data = this.state.data;
        const params = {period: data.reference.label};
        return data.compare === "last_year"
            ? _t(
                  "Changes against the same period last year (%(period)s): green is better, red is worse, whatever the sign; rates and scores change in points. Click a figure to open the records it counts.",
                  params
              )
            : _t(
                  "Changes against the previous period (%(period)s): green is better, red is worse, whatever the sign; rates and scores change in points. Click a figure to open the records it counts.",
                  params
              );
    }

    pacingIntro(pacing) {
        return pacing.fixed_source === "previous"
            ? _t(
                  "Contribution of days 1 to %s against the fixed costs of the previous period (none posted yet for this one)",
                  pacing.elapsed
              )
            : _t("Contribution of days 1 to %s against the fixed costs", pacing.elapsed);
    }

    changeClass(card) {
        const trend = card.change.trend;
        return trend === "better" ? "text-success" : trend === "worse" ? "text-danger" : "text-muted";
    }

    statusLabel(status) {
        return {green: _t("Met"), amber: _t("Within 10 %"), red: _t("Missed")}[status] || _t("No value");
    }

    statusClass(status) {
        return {green: "text-bg-success", amber: "text-bg-warning", red: "text-bg-danger"}[status] || "text-bg-light";
    }

    sparkTitle(card) {
        return card.spark.map((p, index) => `${p.label}: ${card.spark_texts[index]}`).join("\n");
    }

    cohortStyle(cell) {
        if (cell.rate === null || cell.state === "future") {
            return "";
        }
        const alpha = Math.min(1, 0.08 + cell.rate / 100);
        return `background-color: rgba(113, 75, 103, ${alpha.toFixed(2)}); color: ${cell.rate > 45 ? "white" : "inherit"};`;
    }

    pacingText(pacing) {
        const period = this.state.data.period;
        if (!pacing.complete) {
            return _t("Some days of this period were never computed: recompute its months.");
        }
        if (pacing.fixed_source === "none") {
            return _t("No fixed costs posted for this period or the one before.");
        }
        if (pacing.reached_date) {
            return _t("Break-even reached on %s.", this.formatDay(pacing.reached_date));
        }
        if (pacing.projected_date) {
            return _t("At this pace, break-even on %s.", this.formatDay(pacing.projected_date));
        }
        return period.in_progress ? _t("At this pace, not reached this period.") : _t("Not reached in this period.");
    }

    formatDay(iso) {
        return DateTime.fromISO(iso).toLocaleString(DateTime.DATE_MED);
    }

    // ------------------------------------------------------------------ drill-down
    async openValue(valueId) {
        if (!valueId) {
            return;
        }
        const action = await this.orm.call("reseller.kpi.value", "action_open_records", [[valueId]]);
        await this.actionService.doAction(action);
    }

    async openCohort(row, cell) {
        const offset = cell ? cell.offset : 0;
        if (cell && (cell.state === "future" || !cell.count)) {
            return;
        }
        const action = await this.orm.call("reseller.kpi.dashboard", "action_open_cohort", [
            this.state.data.company.id,
            row.cohort,
            offset,
        ]);
        await this.actionService.doAction(action);
    }
}

registry.category("actions").add("reseller_kpi.dashboard", ResellerKpiDashboard);
