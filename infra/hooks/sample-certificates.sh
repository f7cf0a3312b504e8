#!/bin/sh
# The sample certificates in Key Vault, so a first deployment has something to sync:
#   gateway-client-ca  a self-signed CA (what a backend trusts)
#   gateway-client     a client certificate issued by that CA, with the CA as its chain
# Without arguments, each is created only when the vault does not have it yet (the postprovision hook runs this).
# With --rotate, a new version of gateway-client is issued by the same CA: the rotation the README walks through.
# Key material exists only in a temporary folder, removed on exit, and in the vault.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/infra/hooks/lib.sh"
need az openssl

vault=$(setting AZURE_KEY_VAULT_NAME)
ca=gateway-client-ca
client=gateway-client
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

# Imported as PEM (key, certificate, chain), exportable: the sync reads the private key back.
cat >"$work/policy.json" <<'POLICY'
{
  "secretProperties": { "contentType": "application/x-pem-file" },
  "keyProperties": { "exportable": true, "keyType": "RSA", "keySize": 2048, "reuseKey": false }
}
POLICY

exists() {
  az keyvault certificate show --vault-name "$vault" --name "$1" --query id --output tsv --only-show-errors >/dev/null 2>&1
}

import() {
  az keyvault certificate import --vault-name "$vault" --name "$1" --file "$2" --policy "@$work/policy.json" \
    --query id --output tsv --only-show-errors
}

create_ca() {
  openssl req -x509 -newkey rsa:2048 -nodes -days 365 -subj "/CN=AzureGateway sample CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -keyout "$work/ca.key" -out "$work/ca.crt" 2>/dev/null
  cat "$work/ca.key" "$work/ca.crt" >"$work/ca.pem"
  import "$ca" "$work/ca.pem"
}

# The CA's key and certificate, read back from the vault (the deployer has Key Vault Certificate User on it).
fetch_ca() {
  az keyvault secret show --vault-name "$vault" --name "$ca" --query value --output tsv --only-show-errors >"$work/ca.pem"
}

issue_client() {
  printf '%s\n' "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature,keyEncipherment" \
    "extendedKeyUsage=clientAuth" >"$work/client.ext"
  openssl req -newkey rsa:2048 -nodes -subj "/CN=azuregateway-client" \
    -keyout "$work/client.key" -out "$work/client.csr" 2>/dev/null
  openssl x509 -req -in "$work/client.csr" -CA "$work/ca.pem" -CAkey "$work/ca.pem" -CAcreateserial \
    -days 90 -extfile "$work/client.ext" -out "$work/client.crt" 2>/dev/null
  openssl x509 -in "$work/ca.pem" -out "$work/ca.crt"
  cat "$work/client.key" "$work/client.crt" "$work/ca.crt" >"$work/client.pem"
  import "$client" "$work/client.pem"
}

ensure() {
  if exists "$ca"; then
    echo "Key Vault $vault has $ca"
    fetch_ca
  else
    echo "Creating $ca in Key Vault $vault"
    create_ca
  fi
  if exists "$client"; then
    echo "Key Vault $vault has $client"
  else
    echo "Issuing $client in Key Vault $vault"
    issue_client
  fi
}

# The deployer's Key Vault roles may have just been assigned; they can take minutes to apply.
can_manage_certificates() {
  az keyvault certificate list --vault-name "$vault" --maxresults 1 --output none --only-show-errors
}

case "${1:-}" in
  "")
    retry 20 15 can_manage_certificates
    ensure
    ;;
  --rotate)
    fetch_ca
    echo "Issuing a new version of $client in Key Vault $vault"
    issue_client
    ;;
  *)
    echo "usage: $0 [--rotate]" >&2
    exit 2
    ;;
esac
