#!/usr/bin/env bash
# spark-submit the 'traverse' job: jobs/traverse.sh [options of 'dgm traverse'] (environment: see jobs/submit.sh).
exec "$(dirname "${BASH_SOURCE[0]}")/submit.sh" traverse "$@"
