#!/usr/bin/env bash
# Creates every Secret the manifests in k3s/ (and the Helm chart) read, in every namespace that
# reads it. Run it once before `kubectl apply -k k3s/`, and again whenever you change a value:
# it is idempotent (each Secret is applied, not created), and it KEEPS values that already exist
# (passwords, keys) unless you pass them in, so a re-run never locks services out of Postgres.
#
# Values you should provide (environment variables; everything else is generated):
#   OPENAI_API_KEY        - only with LLM_PROVIDER=openai            (placeholder: empty)
#   FMP_API_KEY           - Financial Modeling Prep, for finance-svc (placeholder: empty)
#   TRIPADVISOR_API_KEY   - Tripadvisor Content API, for travel-svc  (placeholder: empty)
#   AMADEUS_CLIENT_ID, AMADEUS_CLIENT_SECRET - Amadeus Self-Service hotel search, for travel-svc (placeholder: empty)
#   YOOKASSA_SHOP_ID / YOOKASSA_SECRET_KEY - payments, billing-svc   (placeholder: empty)
#   SMTP_URL              - e.g. smtp://user:pass@smtp.example.com:587 (placeholder: empty)
#   TLS_CERT / TLS_KEY    - files of your certificate and key; without them a self-signed one
#                           is made for the three hosts (replace it, e.g. with cert-manager)
#   DOMAIN                - default perplexica.example.com
# Empty keys leave their feature answering 503 not_configured; nothing else breaks.
#
# Needs: kubectl (talking to the cluster), openssl. Never commit the values this prints or uses.
set -euo pipefail

APP_NS=perplexica
AUTH_NS=perplexica-auth
INFRA_NS=perplexica-infra
DOMAIN=${DOMAIN:-perplexica.example.com}

for ns in "$APP_NS" "$AUTH_NS" "$INFRA_NS"; do
  kubectl create namespace "$ns" --dry-run=client -o yaml | kubectl apply -f - >/dev/null
done

# The current value of a key of a Secret, or nothing.
existing() {
  kubectl get secret "$2" -n "$1" -o "jsonpath={.data.$3}" 2>/dev/null | base64 -d 2>/dev/null || true
}
# A value: the one given, else the one already stored, else a new random one.
keep_or() {
  local given=$1 ns=$2 name=$3 key=$4 fresh=$5
  if [ -n "$given" ]; then printf '%s' "$given"; return; fi
  local current
  current=$(existing "$ns" "$name" "$key")
  if [ -n "$current" ]; then printf '%s' "$current"; else printf '%s' "$fresh"; fi
}
random() { openssl rand -hex "${1:-24}"; }

# put_secret <namespace> <name> key=value ...: applies a generic Secret (create or update).
put_secret() {
  local ns=$1 name=$2
  shift 2
  local args=()
  for pair in "$@"; do args+=("--from-literal=$pair"); done
  kubectl create secret generic "$name" -n "$ns" "${args[@]}" --dry-run=client -o yaml | kubectl apply -f - >/dev/null
  echo "secret $ns/$name"
}

# --- Postgres (one database, a schema per service) ---------------------------------------------
DB_USER=perplexica
DB_NAME=perplexica
DB_PASSWORD=$(keep_or "${DB_PASSWORD:-}" "$INFRA_NS" db-credentials password "$(random)")
DB_URL="postgres://$DB_USER:$DB_PASSWORD@postgres.$INFRA_NS.svc.cluster.local:5432/$DB_NAME"
put_secret "$INFRA_NS" db-credentials username="$DB_USER" password="$DB_PASSWORD" database="$DB_NAME"
put_secret "$APP_NS" db-credentials url="$DB_URL"
put_secret "$AUTH_NS" db-credentials url="$DB_URL"

# --- Redis ---------------------------------------------------------------------------------------
REDIS_PASSWORD=$(keep_or "${REDIS_PASSWORD:-}" "$INFRA_NS" redis-credentials password "$(random)")
REDIS_URL="redis://:$REDIS_PASSWORD@redis.$INFRA_NS.svc.cluster.local:6379"
put_secret "$INFRA_NS" redis-credentials password="$REDIS_PASSWORD"
put_secret "$APP_NS" redis-credentials url="$REDIS_URL"
put_secret "$AUTH_NS" redis-credentials url="$REDIS_URL"

# --- Calls between services ---------------------------------------------------------------------
SERVICE_TOKEN=$(keep_or "${SERVICE_TOKEN:-}" "$APP_NS" service-token token "$(random 32)")
put_secret "$APP_NS" service-token token="$SERVICE_TOKEN"
put_secret "$AUTH_NS" service-token token="$SERVICE_TOKEN"

# --- Signing keys: auth-svc signs access tokens (Ed25519); every service verifies them ---------
JWT_PRIVATE_KEY=$(existing "$AUTH_NS" auth-secrets jwt_private_key)
if [ -z "$JWT_PRIVATE_KEY" ]; then JWT_PRIVATE_KEY=$(openssl genpkey -algorithm ed25519); fi
JWT_PUBLIC_KEY=$(printf '%s\n' "$JWT_PRIVATE_KEY" | openssl pkey -pubout)
put_secret "$AUTH_NS" auth-secrets jwt_private_key="$JWT_PRIVATE_KEY" jwt_public_key="$JWT_PUBLIC_KEY"
put_secret "$APP_NS" jwt-public-key public_key="$JWT_PUBLIC_KEY"

# --- Object store --------------------------------------------------------------------------------
MINIO_USER=$(keep_or "${MINIO_ROOT_USER:-}" "$INFRA_NS" minio-credentials root_user "perplexica")
MINIO_PASSWORD=$(keep_or "${MINIO_ROOT_PASSWORD:-}" "$INFRA_NS" minio-credentials root_password "$(random)")
put_secret "$INFRA_NS" minio-credentials root_user="$MINIO_USER" root_password="$MINIO_PASSWORD"
put_secret "$APP_NS" minio-credentials access_key="$MINIO_USER" secret_key="$MINIO_PASSWORD"

# --- SearXNG -------------------------------------------------------------------------------------
SEARXNG_SECRET=$(keep_or "" "$INFRA_NS" searxng-secret secret_key "$(random 32)")
put_secret "$INFRA_NS" searxng-secret secret_key="$SEARXNG_SECRET"

# --- Providers (placeholders: empty until you set them) -----------------------------------------
put_secret "$APP_NS" llm-credentials openai_api_key="$(keep_or "${OPENAI_API_KEY:-}" "$APP_NS" llm-credentials openai_api_key "")"
put_secret "$APP_NS" finance-keys fmp_api_key="$(keep_or "${FMP_API_KEY:-}" "$APP_NS" finance-keys fmp_api_key "")"
put_secret "$APP_NS" travel-keys \
  tripadvisor_api_key="$(keep_or "${TRIPADVISOR_API_KEY:-}" "$APP_NS" travel-keys tripadvisor_api_key "")" \
  amadeus_client_id="$(keep_or "${AMADEUS_CLIENT_ID:-}" "$APP_NS" travel-keys amadeus_client_id "")" \
  amadeus_client_secret="$(keep_or "${AMADEUS_CLIENT_SECRET:-}" "$APP_NS" travel-keys amadeus_client_secret "")"
put_secret "$APP_NS" yookassa-credentials \
  shop_id="$(keep_or "${YOOKASSA_SHOP_ID:-}" "$APP_NS" yookassa-credentials shop_id "")" \
  secret_key="$(keep_or "${YOOKASSA_SECRET_KEY:-}" "$APP_NS" yookassa-credentials secret_key "")"

# --- Notifications: Web Push (VAPID, a P-256 key pair, base64url) and SMTP ----------------------
VAPID_PRIVATE_KEY=$(existing "$APP_NS" notifications-secrets vapid_private_key)
VAPID_PUBLIC_KEY=$(existing "$APP_NS" notifications-secrets vapid_public_key)
if [ -z "$VAPID_PRIVATE_KEY" ]; then
  vapid_pem=$(openssl ecparam -name prime256v1 -genkey -noout)
  b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
  # The raw 32-byte private scalar and the 65-byte uncompressed public point, as web-push wants.
  VAPID_PRIVATE_KEY=$(printf '%s\n' "$vapid_pem" | openssl ec -outform DER 2>/dev/null | tail -c +8 | head -c 32 | b64url)
  VAPID_PUBLIC_KEY=$(printf '%s\n' "$vapid_pem" | openssl ec -pubout -outform DER 2>/dev/null | tail -c 65 | b64url)
fi
put_secret "$APP_NS" notifications-secrets \
  vapid_public_key="$VAPID_PUBLIC_KEY" vapid_private_key="$VAPID_PRIVATE_KEY" \
  smtp_url="$(keep_or "${SMTP_URL:-}" "$APP_NS" notifications-secrets smtp_url "")"

# --- TLS for the three hosts (in every namespace with an Ingress) ---------------------------------------------------------------------
if [ -n "${TLS_CERT:-}" ] && [ -n "${TLS_KEY:-}" ]; then
  cert=$TLS_CERT key=$TLS_KEY
else
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  cert=$tmp/tls.crt key=$tmp/tls.key
  # PLACEHOLDER: a self-signed certificate, so HTTPS works at once; replace it with a real one.
  openssl req -x509 -nodes -newkey rsa:2048 -days 365 -keyout "$key" -out "$cert" \
    -subj "/CN=$DOMAIN" -addext "subjectAltName=DNS:$DOMAIN,DNS:api.$DOMAIN,DNS:auth.$DOMAIN" 2>/dev/null
fi
# The infrastructure namespace routes presigned downloads (<domain>/perplexica-uploads/...) too.
for ns in "$APP_NS" "$AUTH_NS" "$INFRA_NS"; do
  kubectl create secret tls perplexica-tls -n "$ns" --cert="$cert" --key="$key" --dry-run=client -o yaml | kubectl apply -f - >/dev/null
  echo "secret $ns/perplexica-tls"
done

echo "All Secrets are in place. Next: kubectl apply -k k3s/"
