#!/usr/bin/env bash
# spark-submit the 'demo' job: jobs/demo.sh [options of 'dgm demo'] (environment: see jobs/submit.sh).
exec "$(dirname "${BASH_SOURCE[0]}")/submit.sh" demo "$@"
