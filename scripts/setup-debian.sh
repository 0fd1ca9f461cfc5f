#!/usr/bin/env bash
# Installs the Debian packages the test suite needs (a real PostGIS, GDAL's clients, libxml2's validator),
# only those a machine lacks. Idempotent; needs root or sudo when something is missing.
set -euo pipefail

PACKAGES=(
  postgresql-15 postgresql-15-postgis-3   # the real PostGIS the integration tests start a throwaway cluster of
  gdal-bin                                # ogrinfo/ogr2ogr/gdalinfo: real clients in the tests
  libxml2-utils                           # xmllint: validates every XML document against the OGC schemas
  python3-owslib                          # OWSLib: a real WMS/WFS client in the tests
  python3-geopandas                       # geopandas: reads the WFS GeoJSON in WGS 84 (test/clients/interop-gdal.test.ts)
  python3-qgis                            # QGIS 3.22 headless (offscreen): a real WFS/OAPIF/WMS/vector-tile client (test/clients/qgis.test.ts)
  chromium                                # headless Chromium for the end-to-end tests of the portals (playwright-core)
  fonts-dejavu-core                       # a font for Chromium's text in screenshots
  poppler-utils                           # pdftotext/pdftoppm: the map sheet PDFs are read and rendered in the tests
  sqlmap                                  # SQL injection scanner: test/security/sqlmap.test.ts and npm run security:sqlmap
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup-debian: all system packages present"
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "setup-debian: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian starts a default cluster on install; the tests make their own, so stop it to free its resources.
if command -v pg_lsclusters >/dev/null 2>&1; then
  pg_lsclusters -h 2>/dev/null | awk '$4 == "online" {print $1, $2}' | while read -r v c; do $SUDO pg_ctlcluster "$v" "$c" stop || true; done
fi
echo "setup-debian: done"
