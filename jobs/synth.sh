#!/usr/bin/env bash
# spark-submit the 'synth' job: jobs/synth.sh [options of 'dgm synth'] (environment: see jobs/submit.sh).
exec "$(dirname "${BASH_SOURCE[0]}")/submit.sh" synth "$@"
