#!/usr/bin/env bash
# spark-submit the 'audit' job: jobs/audit.sh [options of 'dgm audit'] (environment: see jobs/submit.sh).
exec "$(dirname "${BASH_SOURCE[0]}")/submit.sh" audit "$@"
