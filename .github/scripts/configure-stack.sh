#!/usr/bin/env bash
# Selects a stack and sets the config that is never committed: account details and secrets (see
# docs/stacks.md). Run it from the repository root, where Pulumi.yaml is. Values come from env vars
# that CI fills from repository secrets and variables; secrets reach `pulumi config set` on stdin,
# never on a command line. VERCEL_API_TOKEN is not stored: the program and the Vercel provider read
# it from the environment. Every other key keeps what the stack file (or its default) says.
#
#   configure-stack.sh dev               # an existing stack
#   configure-stack.sh --create pr-42    # a review stack, created when it does not exist yet
set -euo pipefail

create=()
if [ "${1:-}" = "--create" ]; then
  create=(--create)
  shift
fi
stack="${1:?usage: configure-stack.sh [--create] <stack>}"

missing=()
for name in UPSTASH_EMAIL UPSTASH_API_KEY QSTASH_TOKEN QSTASH_CURRENT_SIGNING_KEY \
  QSTASH_NEXT_SIGNING_KEY KLAP_API_KEY; do
  [ -n "${!name:-}" ] || missing+=("$name")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "configure-stack: set the repository secrets ${missing[*]}" >&2
  exit 1
fi

# Stores the value of env var $2 as secret config key $1.
set_secret() {
  printf '%s' "${!2}" | pulumi config set --stack "$stack" --secret "$1"
}

pulumi login
pulumi stack select "${create[@]}" "$stack"
pulumi config set --stack "$stack" upstash:email "$UPSTASH_EMAIL"
set_secret upstash:apiKey UPSTASH_API_KEY
# A personal Vercel account has no team.
if [ -n "${VERCEL_TEAM:-}" ]; then
  pulumi config set --stack "$stack" vercel:team "$VERCEL_TEAM"
fi
set_secret inflio-jobs:qstashToken QSTASH_TOKEN
set_secret inflio-jobs:qstashCurrentSigningKey QSTASH_CURRENT_SIGNING_KEY
set_secret inflio-jobs:qstashNextSigningKey QSTASH_NEXT_SIGNING_KEY
set_secret inflio-jobs:klapApiKey KLAP_API_KEY
