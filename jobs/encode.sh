#!/usr/bin/env bash
# spark-submit the 'encode' job: jobs/encode.sh [options of 'dgm encode'] (environment: see jobs/submit.sh).
exec "$(dirname "${BASH_SOURCE[0]}")/submit.sh" encode "$@"
