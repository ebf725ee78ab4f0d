;; NOTE: CHECK lines generated; do not edit. Regenerate: scripts/update-lit-checks.py --build-dir BUILD test/lit/cli/version.wat
;; --version prints the tool's version.

;; RUN: wrr-instrument --version | FileCheck --match-full-lines %s

;; CHECK:      wrr-instrument 0.1.0
