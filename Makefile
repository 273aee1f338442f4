# coachkit: the two commands of the README, and a few helpers.
#   make serve   set up .venv and serve the kit with Voilà on http://$(IP):$(PORT)
#   make test    set up .venv (and Debian chromium if missing) and run every test
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
STAMP  := $(VENV)/.coachkit-installed

.PHONY: serve test venv browser lint build-exercises train-moves validate clean facilitate

$(BIN)/python:
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv && $(PYTHON) -m venv $(VENV); \
	  else echo "error: '$(PYTHON) -m venv' failed: install your distribution's python3-venv package" >&2; exit 1; fi; }

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

venv: $(STAMP)

serve: venv
	@if [ -n "$(CERT)$(KEY)" ] && { [ ! -f "$(CERT)" ] || [ ! -f "$(KEY)" ]; }; then \
	  echo "error: HTTPS needs both CERT=<certificate.pem> and KEY=<key.pem>, and both files must exist" >&2; exit 1; fi
	$(BIN)/coachkit serve --Voila.ip=$(IP) --port=$(PORT) $(TLS)

facilitate: venv
	$(BIN)/python -m coachkit.facilitate

browser:
	@bash scripts/ensure-browser.sh

test: venv browser
	$(BIN)/coachkit validate
	$(BIN)/coachkit build-exercises --check
	$(BIN)/coachkit strip --check
	$(BIN)/python -m coachkit.train_moves --check
	$(BIN)/ruff check coachkit tests bench
	COACHKIT_TEST_DATABASE_URL="$$(bash scripts/ensure-postgres.sh)" \
	  $(BIN)/python -m pytest --nbval-lax tests notebooks exercises solutions facilitator

lint: venv
	$(BIN)/ruff check coachkit tests bench

build-exercises: venv
	$(BIN)/coachkit build-exercises

train-moves: venv
	$(BIN)/python -m coachkit.train_moves

validate: venv
	$(BIN)/coachkit validate

clean:
	rm -rf $(VENV) test-artifacts .pytest_cache
