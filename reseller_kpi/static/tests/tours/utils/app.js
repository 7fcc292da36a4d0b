import {stepUtils} from "@web_tour/tour_service/tour_utils";

/** The steps that open the Reseller KPIs app from the home menu. */
export function openResellerKpiApp() {
    return [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Reseller KPIs app",
            trigger: '.o_app[data-menu-xmlid="reseller_kpi.reseller_kpi_menu_root"]',
            run: "click",
        },
    ];
}
