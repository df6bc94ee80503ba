#!/usr/bin/env bash
# spark-submit the 'train' job: jobs/train.sh [options of 'dgm train'] (environment: see jobs/submit.sh).
exec "$(dirname "${BASH_SOURCE[0]}")/submit.sh" train "$@"
