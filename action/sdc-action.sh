#!/usr/bin/env bash
# The run steps of action.yml (the GitHub Action), kept in one script so they can be tested
# locally (tests/test_github_action.py). Inputs come as environment variables:
#   SDC_PATHS      files or folders to check, space-separated (default ".")
#   SDC_FAIL_ON    review | fail (default review)
#   SDC_ARGS       extra arguments for `sdc check` (e.g. "--profile opensafely")
#   SDC_SARIF      where to write the SARIF report (default sdc.sarif)
#   SDC_INSTALL    pip requirement to install, "" to use the sdc already on PATH
# GitHub provides GITHUB_STEP_SUMMARY and GITHUB_OUTPUT (files the script appends to).
set -uo pipefail

step="${1:?usage: sdc-action.sh install|check}"
paths="${SDC_PATHS:-.}"
fail_on="${SDC_FAIL_ON:-review}"
sarif="${SDC_SARIF:-sdc.sarif}"
read -r -a extra <<< "${SDC_ARGS:-}"
read -r -a targets <<< "$paths"

case "$step" in
install)
    if [ -z "${SDC_INSTALL:-}" ]; then
        command -v sdc >/dev/null || { echo "::error::sdc is not installed and install is empty"; exit 2; }
        exit 0
    fi
    python3 -m pip install --quiet "$SDC_INSTALL"
    ;;
check)
    export CI="${CI:-true}"  # CI logs leave the TRE: value-free messages
    # 1. annotations on stdout and the Markdown summary appended to $GITHUB_STEP_SUMMARY;
    #    its exit code is the verdict
    sdc check "${targets[@]}" --format github --fail-on "$fail_on" "${extra[@]}"
    code=$?
    # 2. SARIF for code scanning (same check, same verdict; its exit code is not needed)
    if [ "$code" -ne 2 ]; then
        sdc check "${targets[@]}" --format sarif -o "$sarif" --fail-on "$fail_on" "${extra[@]}" \
            >/dev/null || true
    fi
    case "$code" in
        0) status=pass ;;
        1) status=stop ;;
        *) status=error ;;
    esac
    if [ -n "${GITHUB_OUTPUT:-}" ]; then
        {
            echo "exit-code=$code"
            echo "result=$status"
            [ -f "$sarif" ] && echo "sarif=$sarif"
        } >> "$GITHUB_OUTPUT"
    fi
    exit "$code"
    ;;
*)
    echo "usage: sdc-action.sh install|check" >&2
    exit 2
    ;;
esac
