# Helpers the hooks share (sourced, POSIX sh). azd runs every hook with its environment's values exported:
# the Bicep outputs (AZURE_KEY_VAULT_NAME, AZURE_AKS_CLUSTER_NAME, ...) among them.

# need TOOL...: stop with one line naming the first tool that is not installed.
need() {
  for tool in "$@"; do
    command -v "$tool" >/dev/null 2>&1 || { echo "error: $tool is required (see README.md, \"Deploy to Azure with azd up\")" >&2; exit 1; }
  done
}

# setting NAME: the value of the azd environment value NAME; fails with one line when it is missing. Assign it
# (name=$(setting NAME)) so that `set -e` stops the hook there.
setting() {
  eval "value=\${$1:-}"
  # shellcheck disable=SC2154 # set by the eval above
  [ -n "$value" ] || { echo "error: $1 is not set; run this through azd (azd provision) or export it" >&2; exit 1; }
  printf '%s' "$value"
}

# retry ATTEMPTS SECONDS COMMAND...: run COMMAND until it succeeds, waiting between attempts. Role assignments made
# by the provisioning take minutes to reach Key Vault and the AKS API server, so the first calls can be refused.
retry() {
  attempts=$1
  pause=$2
  shift 2
  attempt=1
  until "$@"; do
    if [ "$attempt" -ge "$attempts" ]; then
      echo "error: gave up after $attempts attempts: $*" >&2
      return 1
    fi
    echo "  not yet (attempt $attempt of $attempts); trying again in ${pause}s" >&2
    attempt=$((attempt + 1))
    sleep "$pause"
  done
}

# use_cluster: point kubectl at the AKS cluster with the signed-in az identity. The cluster has no local accounts,
# so the kubeconfig is converted to get Entra tokens from az (kubelogin). The kubeconfig is a temporary file.
use_cluster() {
  need az kubectl kubelogin
  cluster_group=$(setting AZURE_RESOURCE_GROUP)
  cluster_name=$(setting AZURE_AKS_CLUSTER_NAME)
  KUBECONFIG=$(mktemp)
  export KUBECONFIG
  trap 'rm -f "$KUBECONFIG"' EXIT
  az aks get-credentials --resource-group "$cluster_group" --name "$cluster_name" \
    --file "$KUBECONFIG" --overwrite-existing --only-show-errors
  kubelogin convert-kubeconfig --login azurecli --kubeconfig "$KUBECONFIG"
}
