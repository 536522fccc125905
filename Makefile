.PHONY: run test setup lint format schema messages bench mutation loadtest

run:            ## set up and run the store with demo data at http://127.0.0.1:8000
	scripts/run

test:           ## set up and run lint + the whole suite on PostgreSQL and Redis
	scripts/test

setup:
	scripts/setup

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .

format:
	.venv/bin/ruff check --fix . && .venv/bin/ruff format .

schema:         ## regenerate the committed SDL after an API change
	.venv/bin/python manage.py graphql_schema --out schema.graphql

mutation:       ## mutation testing of money, stock, legality, limits; prints the score per module (slow)
	scripts/mutation

bench:          ## every benchmark, one table of ratios to floors (PostgreSQL: DATABASE_URL; BENCH_PRODUCTS=100000; BENCH_LARGE_DATABASE_URL)
	.venv/bin/python bench/run.py --products $${BENCH_PRODUCTS:-20000}

messages:       ## refresh the translation catalogs after changing texts
	.venv/bin/python manage.py makemessages -l en -l id --ignore=.venv --ignore=tests --ignore=staticfiles

loadtest:       ## the store under locust: gunicorn (production settings) on loopback, users stepped (DATABASE_URL = a scratch database)
	.venv/bin/python bench/load_test.py $(LOADTEST_ARGS)
