#!/usr/bin/env bash
# Run the built app headless on a throw-away demo business, so that a data file or an import
# PyInstaller missed fails here: the window drawn offscreen, and the commands that write PDFs,
# a workbook and a calendar file. Usage: build/smoke.sh build/dist/microbiz/microbiz
set -euo pipefail

app=$(realpath "${1:-build/dist/microbiz/microbiz}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
data="$work/data"
export MICROBIZ_NOW=2026-11-25T12:00  # the same demo business on every run
export QT_QPA_PLATFORM=offscreen

fail() {
    echo "smoke test failed: $*" >&2
    exit 1
}

# A PDF file that exists and starts as a PDF does.
check_pdf() {
    [ -s "$1" ] && [ "$(head -c 5 "$1")" = "%PDF-" ] || fail "$1 is not a PDF"
}

"$app" --help >/dev/null
if command -v desktop-file-validate >/dev/null; then  # optional: desktop-file-utils
    desktop-file-validate "$(dirname "$0")/microbiz.desktop"
fi
"$app" --data-dir "$data" demo

"$app" --data-dir "$data" --screenshot "$work/home.png" --page home --size 1024x640
[ "$(head -c 4 "$work/home.png" | tail -c 3)" = "PNG" ] || fail "home.png is not a PNG"
[ "$(wc -c <"$work/home.png")" -gt 20000 ] || fail "home.png is too small to show the Home page"

# Ten invoices: a batch big enough for the PDF process pool in a plain install.
mapfile -t numbers < <("$app" --data-dir "$data" invoice list | awk '{ print $1 }' | head -n 10)
[ "${#numbers[@]}" -eq 10 ] || fail "the demo business has fewer than 10 invoices"
"$app" --data-dir "$data" invoice pdf --out "$work/invoices" "${numbers[@]}"
written=("$work"/invoices/*.pdf)
[ "${#written[@]}" -eq 10 ] || fail "${#written[@]} invoice PDFs written, not 10"
for pdf in "${written[@]}"; do check_pdf "$pdf"; done

client=$("$app" --data-dir "$data" invoice list | awk -F'  +' 'NR == 1 { print $3 }')
"$app" --data-dir "$data" timesheet "$client" --from 2026-11-01 --to 2026-11-30 \
    --out "$work/timesheet.pdf"
check_pdf "$work/timesheet.pdf"

"$app" --data-dir "$data" evidence-pack --out "$work/evidence.pdf"
check_pdf "$work/evidence.pdf"
"$app" --data-dir "$data" export xlsx "$work/records.xlsx"
[ "$(head -c 2 "$work/records.xlsx")" = "PK" ] || fail "records.xlsx is not a workbook"
"$app" --data-dir "$data" calendar --out "$work/visits.ics"
grep -q "BEGIN:VCALENDAR" "$work/visits.ics" || fail "visits.ics is not a calendar"
"$app" --data-dir "$data" week >/dev/null

echo "The built app ran headless: demo, Home page picture, 10 invoice PDFs, a timesheet," \
    "an evidence pack, a workbook and a calendar ($(du -sh "$(dirname "$app")" | cut -f1))."
