#!/usr/bin/env bash
# spark-submit the 'translate' job: jobs/translate.sh [options of 'dgm translate'] (environment: see jobs/submit.sh).
exec "$(dirname "${BASH_SOURCE[0]}")/submit.sh" translate "$@"
