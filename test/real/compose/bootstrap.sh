#!/usr/bin/env bash
# After `docker compose -f test/real/compose.yaml up -d`: makes the PasarGuard owner and the
# Remnawave admin and API token, then prints a PANELOPS_REAL_PANELS file on stdout.
# UNTESTED IN CI (see compose.yaml). Idempotent: an existing owner or admin is left as it is.
set -euo pipefail
cd "$(dirname "$0")/.."
COMPOSE=(docker compose -f compose.yaml)
PG_OWNER=owner PG_PASS=OwnerPass-v5.2.1-x1
RW_ADMIN=rwadmin RW_PASS=LaneAdminPassword-3.3.2-Abc123
RW=(-H 'X-Forwarded-For: 127.0.0.1' -H 'X-Forwarded-Proto: https' -H 'content-type: application/json')

wait_for() { for _ in $(seq 1 120); do curl -fsS "$@" -o /dev/null 2>/dev/null && return 0; sleep 2; done; echo "no answer from $*" >&2; exit 1; }
json_field() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{let v=JSON.parse(s);for(const k of process.argv[1].split("."))v=v?.[k];console.log(v??"")})' "$1"; }

wait_for http://127.0.0.1:18830/openapi.json
KEY=$("${COMPOSE[@]}" exec -T pasarguard pasarguard-cli generate-temp-key 2>&1 | grep -oE '[0-9a-f]{8}-[0-9a-f-]{27}' | head -1 || true)
[ -n "$KEY" ] && curl -s -o /dev/null -X POST http://127.0.0.1:18830/api/setup/owner -H 'content-type: application/json' \
  -d "{\"key\":\"$KEY\",\"username\":\"$PG_OWNER\",\"password\":\"$PG_PASS\"}"

wait_for "${RW[@]}" http://127.0.0.1:18840/api/auth/status
if curl -s "${RW[@]}" http://127.0.0.1:18840/api/auth/status | grep -q '"isRegisterAllowed":true'; then
  curl -s -o /dev/null "${RW[@]}" -X POST http://127.0.0.1:18840/api/auth/register -d "{\"username\":\"$RW_ADMIN\",\"password\":\"$RW_PASS\"}"
fi
JWT=$(curl -s "${RW[@]}" -X POST http://127.0.0.1:18840/api/auth/login -d "{\"username\":\"$RW_ADMIN\",\"password\":\"$RW_PASS\"}" | json_field response.accessToken)
TOKEN=$(curl -s "${RW[@]}" -H 'X-Remnawave-Client-Type: browser' -H "Authorization: Bearer $JWT" -X POST http://127.0.0.1:18840/api/tokens \
  -d '{"name":"panelops-lane","expiresInDays":30}' | json_field response.token)

cat <<YAML
- { type: marzban, version: 0.7.0, url: http://127.0.0.1:18800, username: root, password: rootpass-0.7.0 }
- { type: marzban, version: 0.4.2, url: http://127.0.0.1:18801, username: root, password: rootpass-0.4.2 }
- { type: marzban, version: 0.8.4, url: http://127.0.0.1:18802, username: root, password: rootpass-0.8.4 }
- { type: pasarguard, version: v5.2.1, url: http://127.0.0.1:18830, username: $PG_OWNER, password: $PG_PASS }
- { type: remnawave, version: 3.3.2, url: http://127.0.0.1:18840, token: $TOKEN }
YAML
