#!/usr/bin/env bash
# gpu-discovery.sh: Spark's GPU discovery script (spark.executor.resource.gpu.discoveryScript, and for standalone
# workers spark.worker.resource.gpu.discoveryScript). Prints the node's GPUs in the format Spark expects:
#   {"name": "gpu", "addresses": ["0", "1"]}
# Install it at the same path on every node. It lists what nvidia-smi sees (CUDA_VISIBLE_DEVICES does not filter
# nvidia-smi), so on nodes shared without container isolation give each worker its own GPUs through Spark's resource
# settings rather than through that variable.
set -euo pipefail
if ! command -v nvidia-smi > /dev/null 2>&1; then
  echo "gpu-discovery: nvidia-smi not found: this node has no NVIDIA driver" >&2
  exit 1
fi
indexes=$(nvidia-smi --query-gpu=index --format=csv,noheader,nounits)
if [ -z "$indexes" ]; then
  echo "gpu-discovery: nvidia-smi lists no GPU" >&2
  exit 1
fi
addresses=$(printf '%s\n' $indexes | sed 's/.*/"&"/' | paste -sd, -)
printf '{"name": "gpu", "addresses": [%s]}\n' "$addresses"
