# coachkit: the two commands of the README, and a few helpers.
#   make serve   set up .venv from the runtime lock and serve the kit with Voilà on http://$(IP):$(PORT)
#   make test    set up .venv with the test lock (and Debian chromium, PostgreSQL if missing) and run every test
#   make lock    write the pip locks (requirements/*.txt, binder/requirements.txt) again from pyproject.toml
#   make facilitate   the facilitator's dashboard, token-protected, on http://127.0.0.1:8867
# Change the address or port: make serve IP=0.0.0.0 PORT=9000
# Serve over HTTPS (names and answers encrypted on the room's network): make serve IP=0.0.0.0 CERT=room.crt KEY=room.key

PYTHON ?= python3
VENV   ?= .venv
IP     ?= 127.0.0.1
PORT   ?= 8866
CERT   ?=
KEY    ?=
TLS    := $(if $(CERT),--CoachkitVoila.certfile=$(CERT) --CoachkitVoila.keyfile=$(KEY))
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.coachkit-runtime
TEST_STAMP := $(VENV)/.coachkit-test

.PHONY: serve test venv test-venv browser lint lock lock-upgrade build-exercises train-moves train-checks validate clean facilitate

$(BIN)/python:
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv && $(PYTHON) -m venv $(VENV); \
	  else echo "error: '$(PYTHON) -m venv' failed: install your distribution's python3-venv package" >&2; exit 1; fi; }

# make serve installs the runtime lock only; make test adds the test lock (tools, hub, training). The kit itself is
# an editable install without dependencies: every version comes from a lock (requirements/, written by make lock).
$(STAMP): $(BIN)/python pyproject.toml requirements/runtime.txt
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements/runtime.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

$(TEST_STAMP): $(STAMP) requirements/test.txt
	$(BIN)/python -m pip install --quiet -r requirements/test.txt
	@touch $(TEST_STAMP)

venv: $(STAMP)

test-venv: $(TEST_STAMP)

serve: venv
	@if [ -n "$(CERT)$(KEY)" ] && { [ ! -f "$(CERT)" ] || [ ! -f "$(KEY)" ]; }; then \
	  echo "error: HTTPS needs both CERT=<certificate.pem> and KEY=<key.pem>, and both files must exist" >&2; exit 1; fi
	$(BIN)/coachkit serve --Voila.ip=$(IP) --port=$(PORT) $(TLS)

facilitate: venv
	$(BIN)/python -m coachkit.facilitate

browser:
	@bash scripts/ensure-browser.sh

test: test-venv browser
	$(BIN)/python scripts/lock.py --check
	$(BIN)/coachkit validate
	$(BIN)/coachkit build-exercises --check
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/pre-commit run --all-files --show-diff-on-failure
	$(BIN)/python -m coachkit.train_moves --check
	$(BIN)/python -m coachkit.train_checks --check
	$(BIN)/hadolint --failure-threshold warning deploy/jupyterhub/Dockerfile
	COACHKIT_TEST_DATABASE_URL="$$(bash scripts/ensure-postgres.sh)" \
	  $(BIN)/python -m pytest --nbval-lax tests notebooks exercises solutions facilitator

# Write the locks again after a change of pyproject.toml's dependencies (lock-upgrade: the newest versions allowed).
lock: test-venv
	$(BIN)/python scripts/lock.py

lock-upgrade: test-venv
	$(BIN)/python scripts/lock.py --upgrade

lint: test-venv
	$(BIN)/ruff check coachkit tests bench scripts

build-exercises: venv
	$(BIN)/coachkit build-exercises

train-moves: test-venv
	$(BIN)/python -m coachkit.train_moves

train-checks: test-venv
	$(BIN)/python -m coachkit.train_checks

validate: venv
	$(BIN)/coachkit validate

clean:
	rm -rf $(VENV) test-artifacts .pytest_cache
