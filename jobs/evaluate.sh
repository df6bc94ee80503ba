#!/usr/bin/env bash
# spark-submit the 'evaluate' job: jobs/evaluate.sh [options of 'dgm evaluate'] (environment: see jobs/submit.sh).
exec "$(dirname "${BASH_SOURCE[0]}")/submit.sh" evaluate "$@"
