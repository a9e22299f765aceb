#!/usr/bin/env bash
# Builds a minimal Node.js runtime image from this machine's own node binary, for machines that
# cannot pull images from a registry (the Containerfile's default base is
# docker.io/library/node:20-bookworm-slim). It holds node, the shared libraries it links, the CA
# certificates (TLS to Zammad) and a `node` user with uid 1000 — no shell, no package manager.
# Usage: container/build-base.sh [image]   (default localhost/zammad-mcp-node:20)
set -euo pipefail
image="${1:-localhost/zammad-mcp-node:20}"
node_bin="$(readlink -f "$(command -v node)")"
root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{usr/local/bin,etc/ssl/certs,tmp,app,home/node}
chmod 1777 "$root/tmp"
cp "$node_bin" "$root/usr/local/bin/node"
# The dynamic loader and every library node links, at the paths node expects them.
for lib in $(ldd "$node_bin" | grep -o '/[^ ]*'); do
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done
cp -L /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/"
printf 'root:x:0:0:root:/root:/sbin/nologin\nnode:x:1000:1000:node:/home/node:/sbin/nologin\n' >"$root/etc/passwd"
printf 'root:x:0:\nnode:x:1000:\n' >"$root/etc/group"
chown 1000:1000 "$root/home/node"
tar -C "$root" -c . | podman import \
  --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' \
  --change 'ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt' \
  --change 'CMD ["node"]' - "$image" >/dev/null
echo "built $image (node $("$node_bin" --version))"
