#!/usr/bin/env bash
# spark-submit the 'outliers' job: jobs/outliers.sh [options of 'dgm outliers'] (environment: see jobs/submit.sh).
exec "$(dirname "${BASH_SOURCE[0]}")/submit.sh" outliers "$@"
