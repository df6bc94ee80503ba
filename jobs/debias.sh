#!/usr/bin/env bash
# spark-submit the 'debias' job: jobs/debias.sh [options of 'dgm debias'] (environment: see jobs/submit.sh).
exec "$(dirname "${BASH_SOURCE[0]}")/submit.sh" debias "$@"
