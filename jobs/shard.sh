#!/usr/bin/env bash
# spark-submit the 'shard' job: jobs/shard.sh [options of 'dgm shard'] (environment: see jobs/submit.sh).
exec "$(dirname "${BASH_SOURCE[0]}")/submit.sh" shard "$@"
