#!/usr/bin/env bash
# The course marketplace, end to end, over Mercato's HTTP API (docs/walkthroughs/course-marketplace.md):
# an instructor publishes a course, a student buys it, the instructor earns 70 % and the platform
# 30 % less the processor fee, the hold period passes, the instructor is paid, a partial refund
# after the payout is recovered from the instructor, and the ledger verifies clean.
#
#   ./mercato run                                   # in another terminal (not in production mode)
#   MERCATO_KEY=mk_… docs/walkthroughs/course-marketplace.sh
#
# Needs curl and jq. Uses the simulated processor and the test clock, so it runs offline in seconds.
set -euo pipefail
BASE=${MERCATO_URL:-http://localhost:8080}
: "${MERCATO_KEY:?set MERCATO_KEY to a platform admin key (./mercato run prints one at first start)}"
RUN=$(date +%s%N)

call() { # call METHOD PATH [JSON] [extra curl args...]: prints the JSON answer, fails loudly on an error status
  local method=$1 path=$2 body=${3:-} out status
  shift $(( $# < 3 ? $# : 3 ))
  out=$(curl -s -w '\n%{http_code}' -X "$method" "$BASE$path" -H "Authorization: Bearer $MERCATO_KEY" \
        -H 'Content-Type: application/json' ${body:+-d "$body"} "$@")
  status=${out##*$'\n'}; out=${out%$'\n'*}
  if [ "$status" -ge 400 ]; then echo "$method $path → $status $out" >&2; exit 1; fi
  echo "$out"
}
as() { # as USER METHOD PATH [JSON] [extra curl args...]: the same call, on behalf of USER
  local user=$1 method=$2 path=$3 body=${4:-}
  shift $(( $# < 4 ? $# : 4 ))
  call "$method" "$path" "$body" -H "Mercato-On-Behalf-Of: $user" "$@"
}
step() { printf '\n== %s\n' "$*"; }

step "1. users: an instructor and a student (the platform's backend acts for them with its admin key)"
INSTRUCTOR=$(call POST /v1/users "{\"email\":\"instructor-$RUN@example.com\",\"name\":\"Ines Instructor\"}" | jq -r .id)
STUDENT=$(call POST /v1/users "{\"email\":\"student-$RUN@example.com\",\"name\":\"Sam Student\"}" | jq -r .id)
echo "instructor $INSTRUCTOR, student $STUDENT"

step "2. a category (operators manage the tree)"
CATEGORY=$(call POST /v1/categories "{\"name\":\"Engineering $RUN\",\"slug\":\"engineering-$RUN\"}" | jq -r .id)
echo "category $CATEGORY"

step "3. the instructor's payout account (simulated: ready at once; Stripe: an onboarding link)"
as "$INSTRUCTOR" POST /v1/payout-accounts '{}' | jq -c '{id, status, processor_account_id}'
PAYOUT_ACCOUNT=$(as "$INSTRUCTOR" GET /v1/payout-accounts/me | jq -r .id)

step "4. a \$49.99 course, published"
COURSE=$(as "$INSTRUCTOR" POST /v1/listings "{\"kind\":\"course\",\"title\":\"Ledgers from first principles\",
  \"description\":\"Double-entry for engineers\",\"category_id\":\"$CATEGORY\",\"tags\":[\"accounting\"],
  \"price\":{\"amount\":4999,\"currency\":\"USD\"},\"attributes\":{\"level\":\"beginner\",\"language\":\"en\"}}" | jq -r .id)
as "$INSTRUCTOR" POST "/v1/listings/$COURSE/publish" '{}' | jq -c '{id, status, published_version}'

step "5. the student buys it: an order priced on the server, then paid with a test card"
ORDER=$(as "$STUDENT" POST /v1/orders "{\"items\":[{\"listing_id\":\"$COURSE\"}]}" | jq -r .id)
as "$STUDENT" POST "/v1/orders/$ORDER/pay" '{"payment_method":"tok_visa"}' \
  | jq -c '{id, status, total, line: (.lines[0] | {price, commission, seller_earnings, processor_fee, platform_revenue})}'
echo "buying the same course again is refused:"
curl -s -X POST "$BASE/v1/orders" -H "Authorization: Bearer $MERCATO_KEY" -H "Mercato-On-Behalf-Of: $STUDENT" \
  -H 'Content-Type: application/json' -d "{\"items\":[{\"listing_id\":\"$COURSE\"}]}" | jq -c '{status, code}'
echo "the receipt (also as HTML with Accept: text/html):"
as "$STUDENT" GET "/v1/orders/$ORDER/receipt" '' -H 'Accept: application/json' | jq -c '{order_id, total_formatted, lines: [.lines[] | {description, amount}]}'

step "6. the instructor's earnings: pending during the 7-day hold"
sleep 1
as "$INSTRUCTOR" GET /v1/sellers/me/earnings | jq -c '.totals[0]'

step "7. seven days pass (test clock), the release job makes the earnings available (it runs every minute)"
call POST /v1/test-clock/advance '{"seconds": 604860}' | jq -c .
for _ in $(seq 1 90); do
  AVAILABLE=$(as "$INSTRUCTOR" GET /v1/sellers/me/earnings | jq -r '.totals[0].available')
  [ "$AVAILABLE" -gt 0 ] && break
  sleep 1
done
as "$INSTRUCTOR" GET /v1/sellers/me/earnings | jq -c '.totals[0]'

step "8. the instructor is paid out everything available"
as "$INSTRUCTOR" POST /v1/payouts '{"currency":"USD"}' | jq -c '{id, amount, status, processor_transfer_id}'

step "9. a partial refund after the payout: \$20 back to the student, the instructor's share becomes owed"
call POST /v1/refunds "{\"order_id\":\"$ORDER\",\"amount\":2000,\"reason\":\"chapter missing\"}" \
  | jq -c '{id, amount, status, lines}'
as "$INSTRUCTOR" GET /v1/sellers/me/earnings | jq -c '.totals[0] | {available, paid_out, owed}'

step "10. the operator's revenue report and the ledger's own check"
call GET "/v1/reports/revenue?period=month" | jq -c '.data[-1]'
call GET /v1/ledger/verify | jq -c '{ok, transactions, postings, violations: (.violations | length)}'
echo
echo "payout account $PAYOUT_ACCOUNT, course $COURSE, order $ORDER"
