#!/usr/bin/env bash
# spark-submit the 'generate' job: jobs/generate.sh [options of 'dgm generate'] (environment: see jobs/submit.sh).
exec "$(dirname "${BASH_SOURCE[0]}")/submit.sh" generate "$@"
