#!/bin/sh
# azd prepackage hook of the functions service: lays out the custom handler the way the Functions host on Linux runs
# it (host.json, one folder per function, bin/ with the handler published self-contained for linux-x64) in
# artifacts/functions-package, the folder azure.yaml names as the service's dist. Builds afresh each time.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/infra/hooks/lib.sh"
need dotnet

package="$root/artifacts/functions-package"
rm -rf "$package"
mkdir -p "$package"

echo "Publishing the functions app for linux-x64 into $package"
dotnet publish "$root/functions/AzureGateway.Functions/AzureGateway.Functions.csproj" \
  --configuration Release --runtime linux-x64 --self-contained --output "$package/bin" --nologo

cp "$root/functions/host.json" "$package/"
for definition in "$root"/functions/*/function.json; do
  name=$(basename "$(dirname "$definition")")
  mkdir -p "$package/$name"
  cp "$definition" "$package/$name/"
done
echo "Functions package ready: $(ls "$package" | tr '\n' ' ')"
