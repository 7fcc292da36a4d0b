/**
 * Read exactly one cell of a pivot table: the row whose header reads `rowLabel`
 * and the column whose header reads `columnLabel` (its `measureIndex`-th
 * measure). A substring match such as ":contains(30.00)" also matches 130.00;
 * this reads the one cell.
 */
const normalize = (text) => text.replace(/\s+/g, " ").trim();

/** Index, among a body row's value cells, of the first cell under the header `label`. */
function columnIndex(table, label) {
    // lay the header cells on a grid, as the browser does with their colspan and rowspan
    const occupied = [];
    let found = null;
    [...table.querySelectorAll("thead tr")].forEach((tr, rowIndex) => {
        let column = 0;
        for (const th of tr.children) {
            while (occupied[rowIndex]?.has(column)) {
                column++;
            }
            for (let dr = 0; dr < (th.rowSpan || 1); dr++) {
                for (let dc = 0; dc < (th.colSpan || 1); dc++) {
                    (occupied[rowIndex + dr] ||= new Set()).add(column + dc);
                }
            }
            if (found === null && normalize(th.innerText) === label) {
                found = column;
            }
            column += th.colSpan || 1;
        }
    });
    // the first grid column holds the row headers
    return found === null ? null : found - 1;
}

export function pivotCellText(table, rowLabel, columnLabel, measureIndex = 0) {
    const row = [...table.querySelectorAll("tbody tr")].find(
        (tr) => normalize(tr.querySelector("th")?.innerText || "") === rowLabel
    );
    if (!row) {
        throw new Error(`No pivot row "${rowLabel}"`);
    }
    const index = columnIndex(table, columnLabel);
    if (index === null) {
        throw new Error(`No pivot column "${columnLabel}"`);
    }
    return normalize(row.querySelectorAll("td")[index + measureIndex].innerText);
}

/** A tour step that fails unless the pivot cell (row, column) reads exactly `expected`. */
export function checkPivotCell({content, row, column, expected, measureIndex = 0}) {
    return {
        content,
        trigger: `.o_pivot table tbody th:contains(${row})`,
        run() {
            const table = document.querySelector(".o_pivot table");
            const text = pivotCellText(table, row, column, measureIndex);
            if (text !== expected) {
                throw new Error(`${content}: the cell (${row}, ${column}) reads "${text}", not "${expected}"`);
            }
        },
    };
}
