#!/usr/bin/env bash
# Installs the Debian packages hyoka's tests, sample builder and OCR need, when they are missing.
set -euo pipefail
need=()
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-calc libreoffice-writer)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
fc-list 2>/dev/null | grep IPAexGothic >/dev/null || need+=(fonts-ipaexfont)
fc-list 2>/dev/null | grep 'IPAGothic' >/dev/null || need+=(fonts-ipafont)
# OCR of image-only PDFs (hyoka --ocr auto): OCRmyPDF drives Tesseract (with its Japanese data) and
# Ghostscript. Optional: without them hyoka refuses scans with a sentence saying OCR is off.
ocr=()
command -v tesseract >/dev/null 2>&1 || ocr+=(tesseract-ocr)
tesseract --list-langs 2>/dev/null | grep -qx jpn || ocr+=(tesseract-ocr-jpn)
command -v gs >/dev/null 2>&1 || ocr+=(ghostscript)
[ ${#need[@]} -eq 0 ] && [ ${#ocr[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  [ ${#ocr[@]} -gt 0 ] && echo "hyoka: OCR is off until these Debian packages are installed: ${ocr[*]}" >&2
  if [ ${#need[@]} -gt 0 ]; then
    echo "hyoka: please install these Debian packages: ${need[*]}" >&2
    exit 1
  fi
  exit 0
fi
need+=("${ocr[@]}")
echo "hyoka: installing ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
