# The two commands a newcomer needs (see README).
.PHONY: demo test test-fast bench lint

demo:            ## install okrbook, make the example department's workbook, open JupyterLab
	scripts/setup.sh
	python3 -m okrbook demo

test:            ## install the test tools and run every test
	scripts/setup.sh test
	python3 -m pytest

test-fast:       ## the tests that start no kernel and no browser
	python3 -m pytest -m "not kernel and not e2e and not browser"

lint:
	ruff check okrbook tests benchmarks
	ruff format --check okrbook tests benchmarks

bench:
	python3 benchmarks/bench_analysis.py
