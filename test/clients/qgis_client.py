"""QGIS 3.22 (Debian's python3-qgis) as a QGIS user adds this service's layers, headless (QT_QPA_PLATFORM=offscreen).

One process for every check of test/clients/qgis.test.ts (QGIS starts in seconds, not per check): reads a JSON of
inputs (service URL, places and boxes from PostGIS) on stdin and prints a JSON of what QGIS saw; the test compares
it with the database. Nothing is asserted here, so a failure shows the numbers.
"""
import json
import os
import sys
import urllib.request

os.environ.setdefault('QT_QPA_PLATFORM', 'offscreen')

from qgis.core import (  # noqa: E402  (the environment must be set first)
    QgsApplication, QgsCoordinateReferenceSystem, QgsFeatureRequest, QgsMapBoxGlStyleConversionContext,
    QgsMapBoxGlStyleConverter, QgsMapRendererSequentialJob, QgsMapSettings, QgsRasterLayer, QgsRectangle,
    QgsVectorLayer, QgsVectorTileLayer,
)
from qgis.PyQt.QtCore import QSize  # noqa: E402
from qgis.PyQt.QtGui import QColor  # noqa: E402

inputs = json.load(sys.stdin)
url = inputs['url']
app = QgsApplication([], False)
app.initQgis()
out = {'version': __import__('qgis.core', fromlist=['Qgis']).Qgis.QGIS_VERSION}


def wfs(type_name, version, srsname=None, extra=''):
    uri = f"url='{url}/ows' typename='{type_name}' version='{version}' pagingEnabled='true'"
    if srsname:
        uri += f" srsname='{srsname}'"
    layer = QgsVectorLayer(uri + extra, type_name, 'WFS')
    return layer


def count_in(layer, box):
    request = QgsFeatureRequest().setFilterRect(QgsRectangle(*box))
    return sum(1 for _ in layer.getFeatures(request))


def render(layers, extent, crs, size=256):
    settings = QgsMapSettings()
    settings.setLayers(layers)
    settings.setDestinationCrs(QgsCoordinateReferenceSystem(crs))
    settings.setExtent(QgsRectangle(*extent))
    settings.setOutputSize(QSize(size, size))
    settings.setBackgroundColor(QColor(255, 255, 255))
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    return job.renderedImage(), [e.message for e in job.errors()]


def colours(image, step=4):
    seen = set()
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            seen.add(image.pixel(x, y))
    return len(seen)


# WFS 2.0 and 1.1.0: the feature count (RESULTTYPE=hits) and a bbox request.
for version in ['2.0.0', '1.1.0']:
    budynki = wfs('egib:budynki', version)
    drzewa = wfs('sip:drzewa', version)
    out[f'wfs {version}'] = {
        'valid': budynki.isValid() and drzewa.isValid(),
        'geometry': budynki.wkbType(),
        'budynki': budynki.featureCount(),
        'drzewa bbox': count_in(drzewa, inputs['treeBox']),
        'error': budynki.dataProvider().error().message() if not budynki.isValid() else '',
    }

# SRSNAME forms (item 1): the tree ZZM-0002381 where QGIS puts it, x first, in the layer's CRS.
# A small box around it in each CRS (x first) keeps the download to a few trees.
srs = {}
lon, lat, x, y = inputs['tree']
near_tree = {'EPSG:4326': [lon - 5e-4, lat - 5e-4, lon + 5e-4, lat + 5e-4], 'EPSG:2177': [x - 30, y - 30, x + 30, y + 30]}
for name in ['EPSG:4326', 'EPSG:2177', 'urn:ogc:def:crs:EPSG::4326']:
    layer = wfs('sip:drzewa', '2.0.0', name)
    request = QgsFeatureRequest().setFilterRect(QgsRectangle(*near_tree['EPSG:2177' if name == 'EPSG:2177' else 'EPSG:4326']))
    request.setFilterExpression("\"numerInwentarzowy\" = 'ZZM-0002381'")
    points = [f.geometry().asPoint() for f in layer.getFeatures(request)]
    srs[name] = {'valid': layer.isValid(), 'crs': layer.crs().authid(), 'xy': [[p.x(), p.y()] for p in points]}
out['srsname'] = srs

# OGC API – Features.
oapif = QgsVectorLayer(f"url='{url}/ogcapi' typename='drzewa'", 'drzewa', 'OAPIF')
out['oapif'] = {'valid': oapif.isValid(), 'drzewa': oapif.featureCount(), 'bbox': count_in(oapif, inputs['treeBoxCrs84'])}

# WMS 1.3.0 rendered to an image.
wms = QgsRasterLayer(f"contextualWMSLegend=0&crs=EPSG:2177&dpiMode=7&format=image/png&layers=egib:dzialki&styles=&url={url}/ows&version=1.3.0", 'wms', 'wms')
image, errors = render([wms], inputs['wmsExtent'], 'EPSG:2177')
out['wms'] = {'valid': wms.isValid(), 'colours': colours(image), 'errors': errors}

# Vector tiles with /tiles/style.json converted by QGIS's own MapLibre converter.
style = json.load(urllib.request.urlopen(f'{url}/tiles/style.json'))
converter = QgsMapBoxGlStyleConverter()
context = QgsMapBoxGlStyleConversionContext()
result = converter.convert(style, context)
warnings = converter.warnings()
tiles = QgsVectorTileLayer(f"type=xyz&url={url}/tiles/gesut/{{z}}/{{x}}/{{y}}.mvt&zmin=0&zmax=16", 'gesut')
renderer = converter.renderer()
tiles.setRenderer(renderer)
if converter.labeling():
    tiles.setLabeling(converter.labeling())
x, y = inputs['waterMain']
half = inputs['waterMainHalfSize']
image, errors = render([tiles], [x - half, y - half, x + half, y + half], 'EPSG:3857')
centre = image.width() // 2
near = []
for dy in range(-3, 4):
    for dx in range(-3, 4):
        near.append(QColor(image.pixel(centre + dx, centre + dy)).name())
out['tiles'] = {
    'valid': tiles.isValid(),
    'converted': result == QgsMapBoxGlStyleConverter.Success,
    'warnings': warnings,
    'styles': len(renderer.styles()) if renderer else 0,
    'near': near,
    'colours': colours(image, 2),
    'errors': errors,
}

print(json.dumps(out))
sys.stdout.flush()
# QgsApplication's teardown can crash headless (threads of the network and render caches); the answer is out.
os._exit(0)
