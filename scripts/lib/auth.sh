# shellcheck shell=bash
# Local authentication for scripts/local, scripts/token and scripts/demo. Source it with ROOT and
# JAVA25_HOME set. The functions verify RS256 tokens (reelrank.auth.mode=jwt, as they ship); here
# the machine is its own issuer: a key pair made once under the git-ignored var/auth/, and a
# service token (var/auth/service.token, owner-only) minted on every scripts/local up, which the
# project's clients (scripts/post, generate --post, bench, evaluate --served-url, the system
# tests) send (dev.reelrank.model.auth.ClientToken). Tokens are written to files, never logged.
# Environment: REELRANK_AUTH_ISSUER (reelrank-local), REELRANK_AUTH_SERVICE_TTL (PT24H: one
# scripts/test run or demo session; the next "up" mints a new one).

REELRANK_AUTH_DIR=$ROOT/var/auth
REELRANK_AUTH_ISSUER=${REELRANK_AUTH_ISSUER:-reelrank-local}
REELRANK_AUTH_SERVICE_TTL=${REELRANK_AUTH_SERVICE_TTL:-PT24H}

# TokenTool with the JDK alone (its source files, no build needed): keygen <dir> | token ...
reelrank_token_tool() {
  "$JAVA25_HOME/bin/java" "$ROOT/shared-model/src/main/java/dev/reelrank/model/auth/TokenTool.java" "$@"
}

# A token of the local issuer on stdout: reelrank_token <sub> [scopes] [ttl]
reelrank_token() {
  reelrank_token_tool token --key "$REELRANK_AUTH_DIR/private.pem" --issuer "$REELRANK_AUTH_ISSUER" \
    --sub "$1" --scope "${2:-}" --ttl "${3:-PT12H}"
}

# The key pair (once) and a fresh service token (the load generators act for many users).
reelrank_auth_setup() {
  reelrank_token_tool keygen "$REELRANK_AUTH_DIR"
  local tmp
  tmp=$(umask 077 && mktemp "$REELRANK_AUTH_DIR/service.token.XXXXXX")
  reelrank_token reelrank-local-service "reelrank:service events:write" "$REELRANK_AUTH_SERVICE_TTL" >"$tmp"
  mv "$tmp" "$REELRANK_AUTH_DIR/service.token"
  # The same as a header file for curl -H @file, so the token never shows in a command line.
  tmp=$(umask 077 && mktemp "$REELRANK_AUTH_DIR/service.header.XXXXXX")
  printf 'Authorization: Bearer %s\n' "$(cat "$REELRANK_AUTH_DIR/service.token")" >"$tmp"
  mv "$tmp" "$REELRANK_AUTH_DIR/service.header"
}

# The functions' environment: where the public key is and which issuer to expect.
reelrank_auth_env() {
  echo "MP_JWT_VERIFY_PUBLICKEY_LOCATION=file:$REELRANK_AUTH_DIR/public.pem"
  echo "MP_JWT_VERIFY_ISSUER=$REELRANK_AUTH_ISSUER"
}
