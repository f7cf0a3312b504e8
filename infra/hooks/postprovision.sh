#!/bin/sh
# azd postprovision hook: what the Bicep cannot declare. Idempotent: running it again changes nothing.
#   1. the sample CA and client certificate in Key Vault, when the vault has none (sample-certificates.sh);
#   2. the Gateway API CRDs in the cluster (standard channel, server-side apply), before azd deploys deploy/,
#      whose GatewayClass needs them.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/infra/hooks/lib.sh"

# v1.5.0 or later: the standard channel has BackendTLSPolicy and the Gateway's spec.tls.backend (deploy/README.md).
gateway_api_version=v1.5.0

sh "$root/infra/hooks/sample-certificates.sh"

use_cluster
echo "Waiting until the cluster accepts this identity as an administrator (Azure RBAC can take minutes)"
retry 40 15 kubectl auth can-i create customresourcedefinitions.apiextensions.k8s.io --quiet
echo "Installing the Gateway API $gateway_api_version CRDs"
kubectl apply --server-side --force-conflicts \
  -f "https://github.com/kubernetes-sigs/gateway-api/releases/download/$gateway_api_version/standard-install.yaml"
