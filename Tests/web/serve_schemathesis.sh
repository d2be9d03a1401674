#!/usr/bin/env bash
# Fuzzes kpi serve's JSON API against docs/openapi.yaml with schemathesis (PyPI): no 5xx,
# every response as the schema says. usage: serve_schemathesis.sh SCHEMA BASE_URL
set -euo pipefail
schema=$1 url=$2
if command -v schemathesis >/dev/null; then st=(schemathesis); else st=(python3 -m schemathesis.cli); fi
exec "${st[@]}" run "$schema" --url "$url" \
  -c not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance \
  -n 30 --seed 19 --request-timeout 20
