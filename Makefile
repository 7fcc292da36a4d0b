# Reseller KPIs for Odoo 18 — the two commands are `make run` and `make test`.
# Odoo is found through ODOO_SRC, an importable `odoo`, or the official source
# when online; PostgreSQL is a private cluster in .pg/ unless PGHOST & co. are set.
PYTHON ?= python3
WORKSPACE = $(PYTHON) setup/workspace.py

.PHONY: run test stop clean demo bench lint odoo help replica load i18n

help:
	@echo "make run    serve the demo reseller on http://127.0.0.1:8069 (admin/admin); PORT=8070 to change the port"
	@echo "           WORKERS=4 serves with 4 HTTP worker processes and a cron worker, REPLICA=1 reads from a streaming replica"
	@echo "make test   run every test on a fresh database, one summary line at the end"
	@echo "           TESTS='tests/x.py -k name' runs only those pytest tests, ODOO_TAGS=/reseller_kpi:Class only those Odoo tests"
	@echo "make demo   generate the demo reseller into DB (default reseller_kpi_bench) at SCALE (default 1)"
	@echo "make bench  print the KPI refresh benchmark of DB (default reseller_kpi_bench); MULTIPLY=20 first copies its data 20 times, SURVEYS=1 fills satisfaction answers"
	@echo "make replica start a streaming replica of the cluster, load the dashboard, print the reads on the replica and the writes on the primary (DB=...)"
	@echo "make load   20 dashboard users for 60 s on WORKERS=4 while a refresh runs (DB=..., USERS=, DURATION=, REPLICA=1)"
	@echo "make lint   pre-commit checks (ruff, ruff-format, pylint-odoo, prettier)"
	@echo "make i18n   export each add-on's .pot from a fresh database and merge it into its fr.po"
	@echo "make stop   stop the private PostgreSQL cluster"
	@echo "make clean  remove .venv, the cluster and generated files (asks first; YES=1 to skip)"

run:
	$(WORKSPACE) run

test:
	$(WORKSPACE) test $(if $(ODOO_TAGS),--odoo-tags=$(ODOO_TAGS)) $(TESTS)

demo:
	$(WORKSPACE) demo

bench:
	$(WORKSPACE) bench

replica:
	$(WORKSPACE) replica

load:
	$(WORKSPACE) load

odoo:
	$(WORKSPACE) odoo $(ARGS)

stop:
	$(WORKSPACE) stop

clean:
	$(WORKSPACE) clean $(if $(filter 1 y yes true,$(YES)),--yes)

lint:
	$(WORKSPACE) lint

i18n:
	$(WORKSPACE) i18n
